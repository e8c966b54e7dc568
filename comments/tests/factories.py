from comments.models import Comment
from comments.services import comment_create


def post(article, body="A comment", parent=None, status=Comment.Status.APPROVED, name="Reader", email=None, **kwargs):
    """A comment written through the service, approved unless told otherwise."""
    return comment_create(
        article=article,
        parent=parent,
        body=body,
        author_name=name,
        author_email=email or f"{name.lower().replace(' ', '')}@example.org",
        status=status,
        send_notifications=kwargs.pop("send_notifications", False),
        **kwargs,
    )


def thread(article, depth, parent=None, body="Level"):
    """A chain of replies `depth` deep; returns the nodes top to bottom."""
    nodes = []
    for level in range(depth):
        parent = post(article, body=f"{body} {level}", parent=parent, name=f"Person {level}")
        nodes.append(parent)
    return nodes
