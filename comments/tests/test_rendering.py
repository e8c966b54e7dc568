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


def test_avatar_initials_are_readable_on_every_shade():
    """White initials on the avatars' shades: 4.1:1 on some, under the 4.5:1 WCAG asks for."""
    import colorsys  # noqa: PLC0415
    import re  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from comments.rendering import AVATAR_SHADES  # noqa: PLC0415

    css = (Path(__file__).resolve().parents[2] / "static/css/comments.css").read_text()
    shades = re.findall(r"\.av(\d+) \{ background: hsl\((\d+), (\d+)%, (\d+)%\); \}", css)
    assert len(shades) == AVATAR_SHADES

    def luminance(rgb):
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for _number, hue, saturation, lightness in shades:
        rgb = colorsys.hls_to_rgb(int(hue) / 360, int(lightness) / 100, int(saturation) / 100)
        assert 1.05 / (luminance(rgb) + 0.05) >= 4.5, (hue, lightness)
