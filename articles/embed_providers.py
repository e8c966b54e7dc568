"""The providers whose posts, videos, sounds, charts, maps and documents a story may embed: how
each is recognised from its address, where its oEmbed answer comes from (asked once, at edit
time, by articles/embed_cards.py), and the player a reader may choose to load (an iframe on the
provider's own hosts, which the story page's CSP allows only when the story embeds it).

Any other site that offers oEmbed discovery is asked too; an address nobody recognises becomes a
plain link card.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Provider:
    name: str  # stored in the body (data-provider)
    label: str  # "View on X", "Load content from X"
    patterns: tuple  # regular expressions on the whole address; groups feed `player`
    oembed: str = ""  # the oEmbed endpoint ({url} is the quoted address); "" when it has none we may use
    player: str = ""  # the iframe address ({1}, {2}… the pattern's groups, {url} the quoted address, {host})
    frame_hosts: tuple = ()  # hosts the player loads from ({host}: the address's own host)
    shape: str = "post"  # video (16:9), audio, post, chart, map, document: the player's height
    extra: dict = field(default_factory=dict)

    def match(self, url):
        for pattern in self.patterns:
            found = re.fullmatch(pattern, url.strip())
            if found:
                return found
        return None

    def player_for(self, url, found):
        if not self.player:
            return ""
        host = urlsplit(url).hostname or ""
        return self.player.format("", *found.groups(), url=quote(url, safe=""), host=host)

    def oembed_for(self, url):
        """The oEmbed address that describes `url` ("" when the provider has none we may use)."""
        if not self.oembed:
            return ""
        return self.oembed.format(url=quote(url, safe=""), host=urlsplit(url).hostname or "")

    def hosts_for(self, url):
        host = urlsplit(url).hostname or ""
        return tuple(name.format(host=host) for name in self.frame_hosts)


P = r"(?:[?#][^\s]*)?"  # a query or fragment after the address
PROVIDERS = (
    Provider(
        "x",
        "X",
        (rf"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{{1,15}})/status/(\d{{1,20}}){P}",),
        oembed="https://publish.twitter.com/oembed?dnt=true&omit_script=true&url={url}",
        player="https://platform.twitter.com/embed/Tweet.html?dnt=true&id={2}",
        frame_hosts=("platform.twitter.com",),
    ),
    Provider(
        "bluesky",
        "Bluesky",
        (rf"https://bsky\.app/profile/([A-Za-z0-9.:_-]+)/post/([a-z0-9]{{8,20}}){P}",),
        oembed="https://embed.bsky.app/oembed?url={url}",
        # The player needs the account's DID, which the oEmbed answer gives (embed_cards.py).
        frame_hosts=("embed.bsky.app",),
    ),
    Provider(
        "mastodon",
        "Mastodon",
        (rf"https://([a-z0-9.-]+\.[a-z]{{2,}})/@([A-Za-z0-9_]{{1,30}})/(\d{{1,20}}){P}",),
        oembed="https://{host}/api/oembed?url={url}",
        player="https://{1}/@{2}/{3}/embed",
        frame_hosts=("{host}",),
    ),
    Provider(
        "threads",
        "Threads",
        (rf"https://(?:www\.)?threads\.(?:net|com)/@([A-Za-z0-9._]{{1,30}})/post/([A-Za-z0-9_-]{{5,20}}){P}",),
        player="https://www.threads.net/@{1}/post/{2}/embed",
        frame_hosts=("www.threads.net",),
    ),
    Provider(
        "instagram",
        "Instagram",
        (rf"https://(?:www\.)?instagram\.com/(?:[A-Za-z0-9._]+/)?(?:p|reel|tv)/([A-Za-z0-9_-]{{5,20}})/?{P}",),
        player="https://www.instagram.com/p/{1}/embed/",
        frame_hosts=("www.instagram.com",),
    ),
    Provider(
        "facebook",
        "Facebook",
        (rf"https://(?:www\.|m\.)?facebook\.com/[A-Za-z0-9.]+/(?:posts|videos)/[A-Za-z0-9]+/?{P}",),
        player="https://www.facebook.com/plugins/post.php?href={url}",
        frame_hosts=("www.facebook.com",),
    ),
    Provider(
        "tiktok",
        "TikTok",
        (rf"https://(?:www\.)?tiktok\.com/@([A-Za-z0-9._]{{1,30}})/video/(\d{{5,25}}){P}",),
        oembed="https://www.tiktok.com/oembed?url={url}",
        player="https://www.tiktok.com/embed/v2/{2}",
        frame_hosts=("www.tiktok.com",),
        shape="video",
    ),
    Provider(
        "youtube",
        "YouTube",
        (
            r"https://(?:www\.|m\.)?youtube\.com/watch\?(?:[^\s#]*&)?v=([A-Za-z0-9_-]{11})(?:[&#][^\s]*)?",
            rf"https://youtu\.be/([A-Za-z0-9_-]{{11}}){P}",
            rf"https://(?:www\.)?youtube\.com/(?:shorts|embed|live)/([A-Za-z0-9_-]{{11}}){P}",
        ),
        oembed="https://www.youtube.com/oembed?format=json&url={url}",
        player="https://www.youtube-nocookie.com/embed/{1}",  # the no-cookie domain
        frame_hosts=("www.youtube-nocookie.com",),
        shape="video",
    ),
    Provider(
        "vimeo",
        "Vimeo",
        (rf"https://(?:www\.)?vimeo\.com/(\d{{3,12}}){P}",),
        oembed="https://vimeo.com/api/oembed.json?url={url}",
        player="https://player.vimeo.com/video/{1}?dnt=1",
        frame_hosts=("player.vimeo.com",),
        shape="video",
    ),
    Provider(
        "soundcloud",
        "SoundCloud",
        (rf"https://(?:www\.)?soundcloud\.com/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)?{P}",),
        oembed="https://soundcloud.com/oembed?format=json&url={url}",
        player="https://w.soundcloud.com/player/?url={url}",
        frame_hosts=("w.soundcloud.com",),
        shape="audio",
    ),
    Provider(
        "spotify",
        "Spotify",
        (rf"https://open\.spotify\.com/(track|album|playlist|episode|show|artist)/([A-Za-z0-9]{{10,30}}){P}",),
        oembed="https://open.spotify.com/oembed?url={url}",
        player="https://open.spotify.com/embed/{1}/{2}",
        frame_hosts=("open.spotify.com",),
        shape="audio",
    ),
    Provider(
        "applepodcasts",
        "Apple Podcasts",
        (r"https://podcasts\.apple\.com/([a-z]{2}/podcast/[A-Za-z0-9%_-]+/id\d+(?:\?i=\d+)?)",),
        player="https://embed.podcasts.apple.com/{1}",
        frame_hosts=("embed.podcasts.apple.com",),
        shape="audio",
    ),
    Provider(
        "datawrapper",
        "Datawrapper",
        (
            rf"https://datawrapper\.dwcdn\.net/([A-Za-z0-9]{{5}})(?:/\d+)?/?{P}",
            rf"https://www\.datawrapper\.de/_/([A-Za-z0-9]{{5}})/?{P}",
        ),
        oembed="https://api.datawrapper.de/v3/oembed?url={url}",
        player="https://datawrapper.dwcdn.net/{1}/",
        frame_hosts=("datawrapper.dwcdn.net",),
        shape="chart",
    ),
    Provider(
        "flourish",
        "Flourish",
        (rf"https://public\.flourish\.studio/(visualisation|story)/(\d{{3,12}})/?{P}",),
        oembed="https://app.flourish.studio/api/v1/oembed?url={url}",
        player="https://flo.uri.sh/{1}/{2}/embed",
        frame_hosts=("flo.uri.sh",),
        shape="chart",
    ),
    Provider(
        "documentcloud",
        "DocumentCloud",
        (rf"https://(?:www\.)?documentcloud\.org/documents/([A-Za-z0-9-]{{3,200}}?)(?:\.html)?/?{P}",),
        oembed="https://api.www.documentcloud.org/api/oembed/?url={url}",
        player="https://embed.documentcloud.org/documents/{1}/",
        frame_hosts=("embed.documentcloud.org",),
        shape="document",
    ),
    Provider(
        "googlemaps",
        "Google Maps",
        (r"https://www\.google\.com/maps/embed\?pb=([A-Za-z0-9!._%:-]{10,2000})",),
        player="https://www.google.com/maps/embed?pb={1}",
        frame_hosts=("www.google.com",),
        shape="map",
    ),
)
BY_NAME = {provider.name: provider for provider in PROVIDERS}
# A site found through oEmbed discovery: its player's host is whatever its answer named.
DISCOVERED = Provider("oembed", "", ())
LINK = Provider("link", "", ())


def recognise(url):
    """(provider, match) for a known address, or (None, None)."""
    for provider in PROVIDERS:
        found = provider.match(url)
        if found:
            return provider, found
    return None, None


def label_of(name, url=""):
    provider = BY_NAME.get(name)
    return provider.label if provider else (urlsplit(url).hostname or "").removeprefix("www.")


def player_hosts(name, url, player):
    """The hosts a stored player may load from: the provider's own, or a discovered site's."""
    provider = BY_NAME.get(name)
    if provider is not None:
        return provider.hosts_for(url)
    if name == DISCOVERED.name and player:
        return (urlsplit(player).hostname,)
    return ()


def player_is_allowed(name, url, player):
    parts = urlsplit(player)
    return parts.scheme == "https" and bool(parts.hostname) and parts.hostname in player_hosts(name, url, player)
