"""Small WordPress exports written for one test each: `export(post(...), attachment(...))`."""

from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Test site</title><link>{site}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>ed</wp:author_login><wp:author_nicename>ed</wp:author_nicename>
<wp:author_display_name>Edna Ward</wp:author_display_name></wp:author>
"""


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def comment(comment_id, text, *, parent=0, author="Reader", approved="1"):
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{cdata(author)}</wp:comment_author>"
        f"<wp:comment_author_email>r{comment_id}@example.org</wp:comment_author_email>"
        f"<wp:comment_date_gmt>2024-03-01 10:00:00</wp:comment_date_gmt><wp:comment_content>{cdata(text)}"
        f"</wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def post(wp_id, title, body="<p>Text.</p>", *, slug=None, kind="post", status="publish", date="2024-03-01 09:00:00",
         date_gmt=None, categories=(), tags=(), comments=(), meta=None, password="", parent=0, sticky=False,
         excerpt="", formats=(), link=None):  # fmt: skip
    slug = f"story-{wp_id}" if slug is None else slug
    terms = "".join(f'<category domain="category" nicename="{n}">{cdata(name)}</category>' for n, name in categories)
    terms += "".join(f'<category domain="post_tag" nicename="{n}">{cdata(name)}</category>' for n, name in tags)
    terms += "".join(
        f'<category domain="post_format" nicename="post-format-{f}">{f.title()}</category>' for f in formats
    )
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link or f'https://a.example/{slug}/')}</link>"
        f"<dc:creator>ed</dc:creator><content:encoded>{cdata(body)}</content:encoded>"
        f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date_gmt or date}</wp:post_date_gmt>"
        f"<wp:post_name>{escape(slug)}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>{parent}</wp:post_parent>"
        f"<wp:post_type>{kind}</wp:post_type><wp:post_password>{escape(password)}</wp:post_password>"
        f"<wp:is_sticky>{int(sticky)}</wp:is_sticky>{terms}{metas}{''.join(comments)}</item>"
    )


def attachment(wp_id, url, *, parent=0, attached_file=None, title="A picture", alt="Alt text"):
    meta = {"_wp_attachment_image_alt": alt}
    if attached_file:
        meta["_wp_attached_file"] = attached_file
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>"
        for k, v in meta.items()
    )
    return (
        f"<item><title>{escape(title)}</title><link>https://a.example/?attachment_id={wp_id}</link>"
        f"<wp:post_id>{wp_id}</wp:post_id><wp:post_date>2024-03-01 08:00:00</wp:post_date>"
        f"<wp:status>inherit</wp:status><wp:post_parent>{parent}</wp:post_parent><wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>{escape(url)}</wp:attachment_url>{metas}</item>"
    )


def export(*items, site="https://a.example"):
    return HEAD.format(site=site) + "\n".join(items) + "\n</channel></rss>\n"


def write(tmp_path, *items, name="export.xml", site="https://a.example"):
    path = tmp_path / name
    path.write_text(export(*items, site=site), encoding="utf-8")
    return path
