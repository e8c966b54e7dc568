import pytest
from django.core.management import CommandError, call_command

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.tests.factories import post, thread
from comments.trees import check_trees, tree_problems
from core.pagecache.versions import current_versions

pytestmark = pytest.mark.django_db


def test_sound_trees_pass(capsys):
    article = ArticleFactory()
    thread(article, 5)
    post(article)
    call_command("check_comment_trees")
    assert "All comment trees are sound" in capsys.readouterr().out


def test_a_broken_interval_is_reported_and_repaired(capsys, django_capture_on_commit_callbacks):
    nodes = thread(ArticleFactory(), 4)
    # Simulate a lost concurrent update: the leaf's interval overlaps its parent's.
    Comment.objects.filter(pk=nodes[-1].pk).update(rght=99)

    with pytest.raises(CommandError, match="1 damaged tree"):
        call_command("check_comment_trees")
    assert "not 1..2n" in capsys.readouterr().out

    versions_before = current_versions("/")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_comment_trees", "--repair")
    assert check_trees() == {}
    assert [c.level for c in Comment.objects.order_by("lft")] == [0, 1, 2, 3]
    assert current_versions("/").shared != versions_before.shared  # kept threads are rebuilt


def test_two_roots_sharing_a_tree_id_are_split_apart_by_repair():
    one, two = ArticleFactory(), ArticleFactory()
    first = post(one)
    post(one, parent=first)
    second = post(two)
    # What a race on the tree-id allocation would leave behind.
    Comment.objects.filter(tree_id=second.tree_id).update(tree_id=first.tree_id)
    assert "2 roots (expected 1)" in check_trees()[first.tree_id]

    call_command("check_comment_trees", "--repair")

    assert check_trees() == {}
    assert Comment.objects.get(pk=second.pk).tree_id != Comment.objects.get(pk=first.pk).tree_id


def test_tree_problems_names_wrong_levels_and_parents():
    nodes = [
        {"id": 1, "parent_id": None, "article_id": 1, "tree_id": 1, "lft": 1, "rght": 6, "level": 0},
        {"id": 2, "parent_id": 1, "article_id": 1, "tree_id": 1, "lft": 2, "rght": 5, "level": 2},
        {"id": 3, "parent_id": 1, "article_id": 1, "tree_id": 1, "lft": 3, "rght": 4, "level": 2},
    ]
    problems = tree_problems(nodes)
    assert "node 2: level 2, depth 1" in problems
    assert "node 3: parent is 1, its interval says 2" in problems
