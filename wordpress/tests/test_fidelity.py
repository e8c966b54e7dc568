"""Issue 12's defects, each with a small export written for it (wordpress/tests/exports.py)."""

import csv
import gzip
import io

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from articles.models import Article, Image, Section, Tag
from articles.tests.factories import body_figures
from comments.models import Comment
from comments.trees import check_trees
from redirects.models import Redirect
from wordpress.tests.exports import attachment, comment, post, write

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out)
    return out.getvalue()


def picture(folder, relative, size=(900, 600)):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, (40, 90, 150)).save(path, "JPEG")
    return path


def test_two_sites_with_the_same_ids_do_not_overwrite_each_other(tmp_path):
    first = write(tmp_path, post(1, "Site A story", comments=[comment(5, "From A")]), name="a.xml")
    second = write(
        tmp_path,
        post(1, "Site B story", comments=[comment(5, "From B"), comment(6, "B reply", parent=5)]),
        name="b.xml",
        site="https://b.example",
    )
    run(first)
    output = run(second)

    assert "Posts: 1 imported" in output and "Comments: 2 imported" in output
    assert set(Article.objects.values_list("headline", flat=True)) == {"Site A story", "Site B story"}
    assert Comment.objects.get(article__headline="Site A story").body == "From A"
    assert Comment.objects.filter(article__headline="Site B story").count() == 2
    assert "Posts: 0 imported, 0 updated, 1 unchanged" in run(first)  # the same site stays idempotent
    assert check_trees() == {}


def test_a_second_run_with_the_media_finishes_what_the_first_could_not(tmp_path):
    url = "https://a.example/wp-content/uploads/2024/03/boat.jpg"
    body = f'<p>One.</p>[caption id="attachment_9"]<img class="wp-image-9" src="{url}" /> A boat[/caption]<p>Two.</p>'
    path = write(
        tmp_path,
        attachment(9, url, attached_file="2024/03/boat.jpg"),
        post(1, "Boats", body, meta={"_thumbnail_id": 9}),
    )
    first = run(path)
    assert "--media-dir" in first and "--fetch-media" in first  # the hint when files were not given
    assert Article.objects.get().lead_image is None

    picture(tmp_path / "uploads", "2024/03/boat.jpg")
    output = run(path, "--media-dir", tmp_path / "uploads")

    assert "Posts: 0 imported, 1 updated" in output
    article = Article.objects.get()
    assert article.lead_image is not None and body_figures(article.body) == [(article.lead_image.pk, "A boat")]


def test_password_protected_posts_come_in_as_drafts_with_a_warning(tmp_path):
    output = run(write(tmp_path, post(1, "Members only", "<p>Secret text.</p>", password="hunter2")))
    assert Article.objects.get().status == Article.Status.DRAFT
    assert "password-protected" in output and "Members only" in output


def test_unicode_slugs_work_in_addresses_tags_sections_and_feeds(tmp_path, client):
    items = [
        post(1, "Привет", slug="%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82", categories=[("%d0%bd%d0%be%d0%b2", "Нов")],
             tags=[("%d1%82%d0%b5%d0%b3", "тег")]),
        post(2, "新闻", slug="%e6%96%b0%e9%97%bb"),
        post(3, "Party", slug="%f0%9f%8e%89", date="2024-03-02 09:00:00"),
    ]  # fmt: skip
    run(write(tmp_path, *items))

    story = Article.objects.get(headline="Привет")
    assert story.slug == "привет" and Article.objects.get(headline="新闻").slug == "新闻"
    assert Tag.objects.get().slug == "тег" and Section.objects.get(name="Нов").slug == "нов"
    url = story.get_absolute_url()
    assert "%D0%BF" in url
    assert client.get(url).status_code == 200
    assert client.get("/2024/3/1/привет/").status_code == 200  # raw or percent-encoded
    padded = client.get("/2024/03/01/привет/")  # WordPress's form of the date: one address per story
    assert padded.status_code == 301 and padded["Location"] == url
    assert client.get(Tag.objects.get().get_absolute_url()).status_code == 200
    assert client.get(Section.objects.get(name="Нов").get_absolute_url()).status_code == 200
    feed = client.get("/feeds/tag/тег/rss/")
    assert feed.status_code == 200 and url.encode() in feed.content
    sitemap = client.get("/sitemap-articles-2024-03.xml")  # its month
    assert url.encode() in sitemap.content
    # An emoji is no slug: the title's is used, and the old address still leads there.
    party = Article.objects.get(headline="Party")
    assert party.slug == "party"
    response = client.get("/2024/03/02/%F0%9F%8E%89/")
    assert response.status_code == 301 and response["Location"] == party.get_absolute_url()


def test_a_second_post_with_the_same_slug_and_day_is_kept_under_a_free_slug(tmp_path, client):
    output = run(
        write(tmp_path, post(1, "Vote", slug="vote"), post(2, "Vote again", slug="vote", link="https://a.example/?p=2"))
    )
    assert "Posts: 2 imported" in output and "error" not in output
    second = Article.objects.get(headline="Vote again")
    assert second.slug == "vote-2"
    assert client.get("/?p=2")["Location"] == second.get_absolute_url()


def test_entities_are_decoded_once(tmp_path):
    run(
        write(
            tmp_path,
            post(1, "Q&amp;A: rents &amp; rates", excerpt="Tom &amp; Jerry&#8217;s", categories=[("qa", "Q&amp;A")]),
        )
    )
    article = Article.objects.get()
    assert article.headline == "Q&A: rents & rates"
    assert article.standfirst == "Tom & Jerry\u2019s" and article.section.name == "Q&A"


def test_comment_markup_is_kept_and_cleaned(tmp_path, client):
    text = '<strong>Agreed</strong>, see <a href="https://x.example/a?b=1&amp;c=2">this</a>.<script>alert(1)</script>\n\n<blockquote>quoted</blockquote>'
    run(write(tmp_path, post(1, "Talk", comments=[comment(1, text), comment(2, "plain <3 text")])))

    html = Comment.objects.get(body__startswith="<strong>").body_html
    assert "<strong>Agreed</strong>" in html and "<blockquote>quoted</blockquote>" in html
    assert 'href="https://x.example/a?b=1&amp;c=2"' in html and "nofollow" in html and "<script" not in html
    assert Comment.objects.get(body__startswith="plain").body_html == "<p>plain &lt;3 text</p>"
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "&lt;strong&gt;" not in page and "<strong>Agreed</strong>" in page


def test_shortcodes_never_reach_readers(tmp_path, settings):
    media = tmp_path / "uploads"
    picture(media, "2024/03/a.jpg")
    picture(media, "2024/03/b.jpg")
    (media / "2024/03").mkdir(parents=True, exist_ok=True)
    (media / "2024/03/talk.mp3").write_bytes(b"ID3\x03\x00\x00\x00" + b"\x00" * 64)
    (media / "2024/03/fake.mp4").write_bytes(b"<html>not a video</html>" + b"\x00" * 16)
    body = (
        '<p>Start.</p>\n\n[gallery ids="11,12"]\n\n[embed]https://video.example/watch/1[/embed]\n\n'
        '[audio mp3="https://a.example/wp-content/uploads/2024/03/talk.mp3"][/audio]\n\n'
        '[video mp4="https://a.example/wp-content/uploads/2024/03/fake.mp4"][/video]\n\n'
        '[wpvideo abc123]\n\n[playlist ids="1"]\n\n<p>A bracket in prose [sic] stays.</p>'
    )
    items = [
        attachment(11, "https://a.example/wp-content/uploads/2024/03/a.jpg", parent=1),
        attachment(12, "https://a.example/wp-content/uploads/2024/03/b.jpg", parent=1),
        post(1, "Media", body),
    ]
    output = run(write(tmp_path, *items), "--media-dir", media)

    article = Article.objects.get()
    assert "[" not in article.body.replace("[sic]", "")
    assert '<a href="https://video.example/watch/1"' in article.body
    assert f'<audio controls="" src="{settings.MEDIA_URL}audio-video/talk' in article.body
    # A video whose file is not a video is a link to where it was, never a dead player.
    assert "<video" not in article.body
    assert '<figure class="embed" data-url="https://a.example/wp-content/uploads/2024/03/fake.mp4"' in article.body
    assert "the video at https://a.example/wp-content/uploads/2024/03/fake.mp4 has no file here" in output
    assert 'data-url="https://videopress.com/v/abc123"' in article.body  # [wpvideo abc123]: an embed
    assert len(body_figures(article.body)) == 2  # the gallery
    assert "[playlist" in output


def test_attachments_match_by_address_and_name_when_the_export_says_little(tmp_path):
    """A WordPress.com-style export: no /uploads/, no _wp_attached_file, resized and ?w= images."""
    media = tmp_path / "media"
    picture(media, "2019/07/pier.jpg")
    picture(media, "elsewhere/lamp.jpg")
    url = "https://example.files.wordpress.com/2019/07/pier.jpg"
    body = (
        '<p>One.</p><figure class="wp-block-image"><img src="https://example.files.wordpress.com/2019/07/pier.jpg?w=640" alt=""/>'
        "<figcaption>The pier</figcaption></figure><p>Two.</p>"
        '[caption id="attachment_22" width="300"]<img src="https://example.files.wordpress.com/2019/07/lamp-300x200.jpg" /> Old lamp[/caption]'
    )
    items = [
        attachment(21, url),
        attachment(22, "https://example.files.wordpress.com/2019/07/lamp.jpg"),
        post(1, "Pier", body, meta={"_thumbnail_id": 21}),
    ]
    run(write(tmp_path, *items, site="https://example.wordpress.com"), "--media-dir", media)

    article = Article.objects.get()
    assert article.lead_image.title == "A picture"
    assert sorted(caption for _, caption in body_figures(article.body)) == ["Old lamp", "The pier"]


def test_date_addresses_use_the_sites_local_date(tmp_path, client):
    # Written at 22:30 on 1 March in New York: 03:30 on 2 March in UTC.
    run(write(tmp_path, post(1, "Late", slug="late", date="2024-03-01 22:30:00", date_gmt="2024-03-02 03:30:00")))
    response = client.get("/2024/03/01/late/")
    assert response.status_code == 301 and response["Location"] == Article.objects.get().get_absolute_url()


def test_the_body_keeps_tables_pre_details_and_loses_empty_paragraphs(tmp_path):
    body = (
        "<table><tr><th>Name</th><th>Salary</th></tr><tr><td>John</td><td>$1</td></tr></table>\n\n"
        "First sentence.<!--more-->Second sentence.\n\n<p></p><p>&nbsp;</p>\n\n<pre>  code\n  kept</pre>\n\n"
        "<details><summary>More</summary>Hidden</details>"
    )
    run(write(tmp_path, post(1, "Rich", body)))
    html = Article.objects.get().body
    assert "<td><p>John</p></td><td><p>$1</p></td>" in html and "<th><p>Name</p></th>" in html
    assert "<p>First sentence.</p>" in html and "<p>Second sentence.</p>" in html
    assert "<p></p>" not in html and "&nbsp;</p>" not in html
    assert "<pre>  code\n  kept</pre>" in html and "<details><summary>More</summary><p>Hidden</p></details>" in html


def test_nothing_is_lost_silently_and_the_report_lists_everything(tmp_path):
    long_title = "Word " * 60
    items = [
        post(1, "Many categories", categories=[("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")], tags=[("t", "Tee")]),
        post(2, long_title.strip()),
        post(3, "Binned", status="trash", comments=[comment(31, "lost?")]),
        post(4, "About us", kind="page", comments=[comment(41, "on a page")]),
        post(5, "Menu", kind="nav_menu_item"),
        attachment(6, "https://a.example/wp-content/uploads/x.jpg"),
    ]
    report = tmp_path / "report.csv"
    output = run(write(tmp_path, *items), "--report", report)

    article = Article.objects.get(headline="Many categories")
    assert article.section.name == "Alpha"
    assert set(article.tags.values_list("name", flat=True)) == {"Beta", "Gamma", "Tee"}
    assert "longer than 200 characters; shortened" in output
    assert "Comments: 1 imported, 0 updated, 0 unchanged, 1 skipped (on a skipped post: 1)" in output
    assert "Other items: 1 skipped (nav_menu_item: 1)" in output
    rows = list(csv.DictReader(report.open()))
    assert {(row["kind"], row["wordpress_id"]) for row in rows} >= {
        ("posts", "1"), ("posts", "2"), ("posts", "3"), ("pages", "4"), ("other items", "5"), ("images", "6"),
        ("comments", "31"), ("comments", "41"),
    }  # fmt: skip
    assert len(rows) == 8


def test_many_warnings_are_all_printed(tmp_path):
    items = [post(n, f"Locked {n}", password="x") for n in range(1, 61)]
    output = run(write(tmp_path, *items))
    assert output.count("password-protected") == 60 and "more" not in output


def test_a_gzipped_export_is_read_directly(tmp_path):
    plain = write(tmp_path, post(1, "Packed"))
    packed = tmp_path / "export.xml.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert "Posts: 1 imported" in run(packed)


def test_sticky_posts_are_pinned_and_formats_become_tags(tmp_path, client):
    run(
        write(
            tmp_path,
            post(1, "Pinned one", sticky=True, date="2023-01-01 09:00:00", formats=["video"]),
            post(2, "Newer"),
        )
    )
    pinned = Article.objects.get(headline="Pinned one")
    assert pinned.pinned and pinned.tags.get().name == "Video"
    assert client.get("/").context["lead_story"] == pinned
    assert client.get("/type/video/")["Location"] == pinned.tags.get().get_absolute_url()


def test_image_library_is_not_duplicated_by_a_second_site(tmp_path):
    media = tmp_path / "uploads"
    picture(media, "2024/03/a.jpg")
    url = "https://a.example/wp-content/uploads/2024/03/a.jpg"
    run(write(tmp_path, attachment(5, url), name="a.xml"), "--media-dir", media)
    run(
        write(tmp_path, attachment(5, url.replace("a.example", "b.example")), name="b.xml", site="https://b.example"),
        "--media-dir",
        media,
    )
    assert Image.objects.count() == 2
    assert Redirect.objects.filter(old_path="/wp-content/uploads/2024/03/a.jpg").count() == 1


def test_pages_keep_their_hierarchy_and_their_comments_as_an_archive(tmp_path, client):
    from pages.models import Page

    items = [
        post(20, "Team", "<p>Who does what.</p>", kind="page", slug="team", parent=10),  # before its parent
        post(10, "About", "<p>About us.</p>", kind="page", slug="about", comments=[
            comment(1, "<em>Lovely</em> page"), comment(2, "Thanks!", parent=1), comment(3, "held", approved="0"),
            comment(4, "loop a", parent=5), comment(5, "loop b", parent=4),
        ]),
    ]  # fmt: skip
    path = write(tmp_path, *items)
    first = run(path)
    assert "comes later in the file" in first
    assert "never approved: 1" in first

    second = run(path)
    team = Page.objects.get(slug="team")
    assert team.parent.slug == "about" and team.get_absolute_url() == "/about/team/"
    assert "Pages: 0 imported, 1 updated, 1 unchanged" in second
    about = client.get("/about/").content.decode()
    assert "<em>Lovely</em> page" in about and "Thanks!" in about and "loop a" in about and "held" not in about
    assert client.get("/about/team/").status_code == 200


def test_a_failing_post_in_a_rerun_loses_nothing_an_earlier_post_wrote(tmp_path, monkeypatch):
    """A re-run batch: post 1 gains a comment, post 2 then fails; a third run imports nothing twice."""
    from wordpress import importer as importer_module

    first = write(tmp_path, post(1, "One", comments=[comment(1, "first")]), post(2, "Two"), name="a.xml")
    run(first)
    second = write(
        tmp_path,
        post(1, "One", comments=[comment(1, "first"), comment(2, "second")]),
        post(2, "Two changed"),
        name="b.xml",
    )
    real = importer_module.Importer._import_post

    def failing(self, item, wp_id, title):
        article = real(self, item, wp_id, title)  # its lookups and writes happen, then it fails
        if wp_id == 2:
            raise RuntimeError("disk full")
        return article

    monkeypatch.setattr(importer_module.Importer, "_import_post", failing)
    assert "disk full" in run(second)
    monkeypatch.undo()
    output = run(second)

    assert "Comments: 0 imported, 0 updated, 2 unchanged" in output
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["first", "second"]
    assert Article.objects.get(headline="One").comment_count == 2


def test_odd_attachment_names_and_long_category_names_never_stop_the_import(tmp_path):
    media = tmp_path / "uploads"
    media.mkdir()
    long_name = "Category " * 20
    items = [
        attachment(1, "https://a.example/wp-content/uploads/a%00.jpg"),
        attachment(2, "https://a.example/wp-content/uploads/" + "新" * 90 + ".jpg"),
        post(3, "Still here", categories=[("long", long_name)]),
    ]
    path = write(tmp_path, *items)
    output = run(path, "--media-dir", media)
    assert "Posts: 1 imported" in output and "file missing: 2" in output
    changed = write(
        tmp_path, *items[:2], post(3, "Still here, changed", categories=[("long", long_name)]), name="c.xml"
    )
    assert "Posts: 0 imported, 1 updated" in run(changed, "--media-dir", media)


def test_a_paginated_post_is_one_page_and_its_old_page_addresses_lead_to_each_page(tmp_path, client):
    body = "<p>Page one.</p>\n<!--nextpage-->\n<p>Page two.</p>\n<!--nextpage-->\n<p>Page three.</p>"
    run(write(tmp_path, post(1, "Long read", body, slug="long-read", date="2024-03-01 09:00:00")))
    article = Article.objects.get()
    assert article.body.count('<hr class="page-break">') == 2
    for old in ("/2024/03/01/long-read/3/", "/long-read/3/"):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url() + "#page-3", old
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'id="page-2"' in page and 'id="page-3"' in page and "Page three." in page


def test_embedded_posts_come_in_as_embeds_with_what_the_export_says_of_them(tmp_path):
    body = (
        '<p>The harbour office said:</p>\n\n<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Keep clear of the '
        'sea wall until the tide turns.</p>&mdash; Harbour Office (@harbour) <a href="https://twitter.com/harbour/status/'
        '1765432109876543210">December 4, 2026</a></blockquote><script async src="https://platform.twitter.com/widgets.js">'
        "</script>\n\n[youtube https://www.youtube.com/watch?v=gH7tBz2QkLw]\n\n[embed]https://vimeo.com/123456789[/embed]"
    )
    run(write(tmp_path, post(1, "Storm", body)))
    stored = Article.objects.get().body
    assert 'data-provider="x"' in stored and 'data-text="Keep clear of the sea wall until the tide turns."' in stored
    assert 'data-author="Harbour Office (@harbour)"' in stored and 'data-date="December 4, 2026"' in stored
    assert 'data-provider="youtube"' in stored and 'data-provider="vimeo"' in stored
    assert "widgets.js" not in stored and "[youtube" not in stored
