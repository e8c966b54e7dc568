"""How a comment thread is written out for readers."""


def test_a_name_with_a_right_to_left_override_is_isolated():
    """A name carrying U+202E used to turn the rest of the line ("says:", the date) around."""
    from types import SimpleNamespace  # noqa: PLC0415

    from django.utils import timezone  # noqa: PLC0415

    from comments.rendering import ThreadRenderer  # noqa: PLC0415

    node = SimpleNamespace(
        pk=1, parent_id=None, level=0, is_approved=True, is_pending=False, kind="comment", author_url="",
        author_name="\u202eevil", body_html="<p>Hi</p>", created_at=timezone.now(), edited_at=None,
    )  # fmt: skip
    html = ThreadRenderer(max_depth=5, reply_url="/story/").render([node])
    assert '<b class="comment__author"><bdi>\u202eevil</bdi></b>' in html
