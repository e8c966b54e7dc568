"""Many readers posting at once, through the service, on PostgreSQL.

Threads are released together by a barrier. Afterwards every comment must be there and
check_comment_trees must find nothing. The last test shows what the locks prevent.
"""

import threading

import pytest
from django.db import IntegrityError, connection

from articles.tests.factories import ArticleFactory
from comments import services
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import post
from comments.trees import check_trees

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 50


def test_50_top_level_comments_on_one_article(run_together):
    article = ArticleFactory()
    errors = run_together([lambda n=n: post(article, body=f"top {n}") for n in range(WORKERS)])
    assert errors == []
    assert Comment.objects.filter(article=article, level=0).count() == WORKERS
    assert Comment.objects.values("tree_id").distinct().count() == WORKERS
    assert check_trees() == {}
    article.refresh_from_db()
    assert article.comment_count == WORKERS


def test_50_top_level_comments_across_50_articles(run_together):
    articles = [ArticleFactory() for _ in range(WORKERS)]
    errors = run_together([lambda a=a: post(a, body="first!") for a in articles])
    assert errors == []
    assert Comment.objects.count() == WORKERS
    assert check_trees() == {}


def test_50_replies_to_the_same_parent(run_together):
    article = ArticleFactory()
    parent = post(article, body="Ask me anything")
    errors = run_together([lambda n=n: post(article, parent=parent, body=f"reply {n}") for n in range(WORKERS)])
    assert errors == []
    parent.refresh_from_db()
    assert parent.get_children().count() == WORKERS
    assert parent.rght - parent.lft == 2 * WORKERS + 1
    assert check_trees() == {}


def test_a_mix_of_replies_and_moderator_removals(run_together):
    article = ArticleFactory()
    roots = [post(article, body=f"root {n}") for n in range(5)]
    targets = [post(article, parent=roots[n % 5], body=f"target {n}") for n in range(10)]
    jobs = [lambda n=n: post(article, parent=roots[n % 5], body=f"reply {n}") for n in range(30)]
    jobs += [lambda n=n: post(article, parent=targets[n], body=f"deep {n}") for n in range(10)]
    jobs += [lambda t=t: comment_set_status(comment=t, status=Comment.Status.REMOVED) for t in targets]

    errors = run_together(jobs)

    assert errors == []
    assert Comment.objects.filter(article=article).count() == 5 + 10 + 30 + 10
    assert Comment.objects.filter(status=Comment.Status.REMOVED).count() == 10
    assert check_trees() == {}
    article.refresh_from_db()
    assert article.comment_count == 5 + 30 + 10


def test_without_the_tree_id_lock_two_new_threads_collide(run_together, monkeypatch):
    """The same burst with the lock taken out: both writers read the same max(tree_id).

    A two-party barrier inside mptt's tree-id read makes the race certain rather than
    likely; the deferred unique constraints then refuse the second commit. With the lock
    in place this interleaving cannot happen (see the tests above).
    """
    assert connection.vendor == "postgresql"
    one, two = ArticleFactory(), ArticleFactory()
    inside = threading.Barrier(2, timeout=10)
    original = Comment.objects._get_next_tree_id

    def racing_next_tree_id():
        tree_id = original()
        inside.wait()
        return tree_id

    monkeypatch.setattr(services, "lock_tree_ids", lambda: None)
    monkeypatch.setattr(Comment.objects, "_get_next_tree_id", racing_next_tree_id)

    errors = run_together([lambda: post(one, body="a"), lambda: post(two, body="b")])

    assert any(isinstance(error, IntegrityError) for error in errors), errors
