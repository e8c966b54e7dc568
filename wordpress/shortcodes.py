"""WordPress shortcodes in a post body: each becomes our own HTML, or is taken out and reported.

Readers never see a shortcode. [gallery] becomes a gallery of pictures from the library;
[embed] an embed; [audio] and [video] a placeholder the importer fills with a local file when it
has one. Anything else that is plainly a shortcode — a known name, or one with attributes or a
closing tag — is removed (its enclosed text kept) and named in the import's warnings. A
bracketed word in prose, such as "[sic]", is left alone.
"""

import html
import re

MEDIA_TOKEN = "\x00media{}\x00"  # noqa: S105 - a placeholder, not a secret
SHORTCODE = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)(?P<attributes>(?:\s[^\]]*)?)\](?:(?P<inner>.*?)\[/(?P=name)\])?", re.S | re.I
)
ATTRIBUTE = re.compile(r"""([a-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""", re.I)
BARE_URL = re.compile(r"""\s*(https?://[^\s"'<>\]]+)\s*""", re.I)
EMBEDDING = {"youtube", "vimeo", "tweet", "instagram", "soundcloud", "spotify", "googlemaps", "wpvideo"}
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "oga", "wav", "flac")
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
KNOWN = {
    "wpvideo", "playlist", "youtube", "vimeo", "soundcloud", "tweet", "instagram", "googlemaps", "slideshow",
    "contact-form", "contact-form-7", "polldaddy", "crowdsignal", "recipe", "archives", "sitemap", "spotify",
}  # fmt: skip


def attributes_of(text):
    return {name.lower(): html.unescape(a or b or c) for name, a, b, c in ATTRIBUTE.findall(text or "")}


def _ids(value):
    return [int(part) for part in re.split(r"[\s,]+", value or "") if part.isdigit()]


def expand_shortcodes(body, result, *, gallery):
    """`body` with its shortcodes expanded; what was removed goes into `result.removed`, the
    audio and video to fill into `result.media`. `gallery(ids)` places a gallery's images."""

    def expand(match):
        name, inner = match.group("name").lower(), match.group("inner")
        attributes = attributes_of(match.group("attributes"))
        if name == "gallery":
            columns = int(attributes["columns"]) if attributes.get("columns", "").isdigit() else 3
            return gallery(_ids(attributes.get("ids") or attributes.get("include")), min(max(columns, 1), 6))
        if name == "embed":
            url = BARE_URL.fullmatch(inner or "") or BARE_URL.fullmatch(attributes.get("src", ""))
            if url:
                return f"\n\n<p>{html.escape(url.group(1))}</p>\n\n"  # a URL alone: an embed
        if name in EMBEDDING:  # Jetpack's [youtube …], [tweet …], [wpvideo id]…: an embed of the address
            raw = (match.group("attributes") or "").strip()
            url = BARE_URL.search(inner or "") or BARE_URL.search(raw)
            address = url.group(1) if url else ""
            if name == "wpvideo" and re.fullmatch(r"[A-Za-z0-9]{4,20}", raw.split(" ")[0] if raw else ""):
                address = f"https://videopress.com/v/{raw.split(' ')[0]}"
            if address:
                return f"\n\n<p>{html.escape(address)}</p>\n\n"  # a URL alone: an embed
        if name in ("audio", "video"):
            keys = AUDIO_SOURCES if name == "audio" else VIDEO_SOURCES
            urls = [attributes[key] for key in keys if attributes.get(key)]
            url = BARE_URL.fullmatch(inner or "")
            if url:
                urls.append(url.group(1))
            if urls:
                result.media.append((name, urls))
                return "\n\n" + MEDIA_TOKEN.format(len(result.media) - 1) + "\n\n"
        if (
            name in KNOWN
            or name in ("embed", "audio", "video", "caption")
            or match.group("attributes").strip()
            or inner is not None
        ):
            result.removed.append(name)
            return inner or ""
        return match.group(0)  # "[sic]": prose, not a shortcode

    return SHORTCODE.sub(expand, body)
