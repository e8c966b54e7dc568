"""Checking and repairing comment trees."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Max

from comments.models import Comment
from comments.services import lock_article, lock_tree_ids
from core.pagecache import invalidate_public_pages

FIELDS = ["id", "parent_id", "article_id", "tree_id", "lft", "rght", "level"]


def tree_problems(nodes):
    """What is wrong with one tree's nodes (a list of dicts of FIELDS); empty when it is sound."""
    problems = []
    nodes = sorted(nodes, key=lambda node: node["lft"])
    roots = [node for node in nodes if node["parent_id"] is None]
    if len(roots) != 1:
        problems.append(f"{len(roots)} roots (expected 1)")
    if len({node["article_id"] for node in nodes}) > 1:
        problems.append("nodes of several articles")
    values = sorted(value for node in nodes for value in (node["lft"], node["rght"]))
    if values != list(range(1, 2 * len(nodes) + 1)):
        problems.append("left/right values are not 1..2n without gaps or duplicates")
    stack = []
    for node in nodes:
        if node["lft"] >= node["rght"]:
            problems.append(f"node {node['id']}: lft {node['lft']} >= rght {node['rght']}")
        while stack and stack[-1]["rght"] < node["lft"]:
            stack.pop()
        expected_parent = stack[-1]["id"] if stack else None
        if node["parent_id"] != expected_parent:
            problems.append(f"node {node['id']}: parent is {node['parent_id']}, its interval says {expected_parent}")
        if stack and node["rght"] > stack[-1]["rght"]:
            problems.append(f"node {node['id']}: interval overlaps its parent's")
        if node["level"] != len(stack):
            problems.append(f"node {node['id']}: level {node['level']}, depth {len(stack)}")
        stack.append(node)
    return problems


def check_trees(tree_ids=None, progress=None, window=20_000):
    """{tree_id: [problems]} for every damaged tree. Every tree is read in windows of `window`
    tree ids, in tree order, one query a window (ten million comments never sit in memory at
    once); `progress(tree ids done, tree ids in all)` is told after each."""
    queryset = Comment.objects.order_by("tree_id", "lft").values(*FIELDS)
    if tree_ids is not None:
        return _damaged(queryset.filter(tree_id__in=tree_ids))
    highest = Comment.objects.aggregate(highest=Max("tree_id"))["highest"] or 0
    damaged = {}
    for start in range(0, highest + 1, window):
        damaged |= _damaged(queryset.filter(tree_id__gte=start, tree_id__lt=start + window))
        if progress:
            progress(min(start + window, highest + 1), highest + 1)
    return damaged


def _damaged(nodes_in_tree_order):
    trees = defaultdict(list)
    for node in nodes_in_tree_order.iterator(chunk_size=5000):
        trees[node["tree_id"]].append(node)
    return {tree_id: problems for tree_id, nodes in trees.items() if (problems := tree_problems(nodes))}


def repair_tree(tree_id):
    """Rebuild one tree from its parent links, under the same locks as every other write.

    Extra roots sharing the tree id (two threads that got the same new id) move to new trees.
    """
    with transaction.atomic():
        for article_id in sorted(set(Comment.objects.filter(tree_id=tree_id).values_list("article_id", flat=True))):
            lock_article(Comment.article.field.related_model(pk=article_id))
        lock_tree_ids()
        roots = list(Comment.objects.filter(tree_id=tree_id, parent=None).order_by("pk").values_list("pk", flat=True))
        children = defaultdict(list)
        for pk, parent_id in Comment.objects.filter(tree_id=tree_id).values_list("pk", "parent_id"):
            children[parent_id].append(pk)
        rebuilt = [tree_id]
        for extra_root in roots[1:]:
            new_id = Comment.objects._get_next_tree_id()
            subtree, queue = [], [extra_root]
            while queue:
                pk = queue.pop()
                subtree.append(pk)
                queue.extend(children.get(pk, []))
            Comment.objects.filter(pk__in=subtree).update(tree_id=new_id)
            rebuilt.append(new_id)
        for each in rebuilt:
            Comment.objects.partial_rebuild(each)
        transaction.on_commit(invalidate_public_pages)  # threads shown in another order now
    return rebuilt
