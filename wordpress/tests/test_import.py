import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from PIL import Image as PILImage

from articles.models import Article, BodyPicture, Byline, Image, Tag
from articles.tests.factories import body_figures
from comments.models import Comment
from comments.trees import check_trees
from redirects.models import Redirect

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "export.xml"


@pytest.fixture
def media_dir(tmp_path):
    """A copy of wp-content/uploads with the two files the export names (the third is missing)."""
    uploads = tmp_path / "uploads" / "2024" / "05"
    uploads.mkdir(parents=True)
    PILImage.new("RGB", (1200, 800), (30, 60, 120)).save(uploads / "harbour.jpg", "JPEG")
    PILImage.new("RGBA", (800, 533), (200, 120, 40, 255)).save(uploads / "market.png", "PNG")
    return tmp_path / "uploads"


def run(*args):
    out = io.StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out)
    return out.getvalue()


def test_the_fixture_imports_with_the_expected_summary(media_dir):
    output = run(FIXTURE, "--media-dir", media_dir)

    assert "Posts: 6 imported, 0 updated, 0 unchanged, 2 skipped (private: 1, trash: 1)" in output
    assert "has no title; it is titled from its first words" in output
    assert "Pages: 1 imported, 0 updated, 0 unchanged, 0 skipped" in output
    assert "Images: 2 imported, 0 updated, 0 unchanged, 1 skipped (file missing: 1)" in output
    assert "Comments: 10 imported, 0 updated, 0 unchanged, 0 skipped" in output
    assert all(byline.publish_at == byline.article.publish_at for byline in Byline.objects.select_related("article"))
    assert "2024/05/missing.jpg" in output
    assert "no alt text" in output


def test_posts_statuses_times_authors_sections_and_tags(media_dir):
    run(FIXTURE, "--media-dir", media_dir)

    market = Article.objects.get(slug="night-market-record")
    assert market.is_published and market.publish_at.isoformat() == "2024-05-04T20:00:00+00:00"
    assert market.standfirst == "A record turnout for the night market."
    assert [b.author.name for b in market.bylines.all()] == ["Marisol Torres"]
    assert market.section.name == "Local News"
    assert set(market.tags.values_list("name", flat=True)) == {"Harbour", "Markets"}
    assert "<script" not in market.body and "<strong>smoked fish</strong>" in market.body
    assert market.body.startswith("<p>More than ten thousand")
    regatta = Article.objects.get(slug="regatta-preview")
    assert regatta.status == Article.Status.PUBLISHED and not regatta.is_published  # scheduled
    assert Article.objects.get(headline__startswith="Draft").status == Article.Status.DRAFT
    assert Article.objects.get(slug="lighthouse-open-day").status == Article.Status.IN_REVIEW
    assert Article.objects.get(slug="harbour-wall").section.name == "News"  # --default-section
    assert not Article.objects.get(slug="harbour-wall").comments_enabled
    assert Tag.objects.filter(name="Harbour").count() == 1


def test_images_captions_credits_and_placements(media_dir):
    run(FIXTURE, "--media-dir", media_dir)

    harbour = Image.objects.get(title="Harbour at dawn")
    assert (harbour.caption, harbour.credit) == ("Fishing boats come in at first light", "Jane Doe")
    assert harbour.alt_text.startswith("Three fishing boats")
    assert Article.objects.get(slug="night-market-record").lead_image == harbour

    market = Image.objects.get(title="Market stalls")
    assert market.alt_text == "Market stalls" and market.credit == "Ali Khan"
    classic = Article.objects.get(slug="night-market-record").body
    assert body_figures(classic) == [(market.pk, "Stalls lit up after dark")]
    assert classic[: classic.index("<figure")].count("</p>") == 2  # where it stood: after the second paragraph
    block = Article.objects.get(slug="harbour-wall").body
    assert body_figures(block) == [(harbour.pk, "The old wall, seen from the water")]
    assert block[: block.index("<figure")].count("</p>") == 1
    assert "wp-block-image" not in Article.objects.get(slug="harbour-wall").body


def test_comment_threads_keep_their_shape_and_statuses(media_dir):
    run(FIXTURE, "--media-dir", media_dir)

    article = Article.objects.get(slug="night-market-record")
    thread = list(Comment.objects.filter(article=article, tree_id=Comment.objects.get(body="Great night out.").tree_id))
    assert [(c.author_name, c.level) for c in thread] == [
        ("Level One", 0),
        ("Level Two", 1),
        ("Level Three", 2),
        ("Level Four", 3),
        ("Level Five", 4),
    ]
    statuses = dict(Comment.objects.filter(article=article).values_list("author_name", "status"))
    assert statuses["Waiting Walter"] == "pending" and statuses["Cheap Pills"] == "spam"
    assert statuses["Deleted Dan"] == "removed"
    pingback = Comment.objects.get(author_name="Other Blog")  # kept, and shown as WordPress shows it
    assert pingback.kind == Comment.Kind.PINGBACK
    level_one = Comment.objects.get(author_name="Level One")
    assert level_one.author_url == "https://one.example" and level_one.ip_hash and "203.0.113" not in level_one.ip_hash
    orphan = Comment.objects.get(author_name="Orphan Olga")
    assert orphan.parent is None
    article.refresh_from_db()
    assert article.comment_count == 6  # five approved comments and a pingback, as WordPress counts them
    assert check_trees() == {}


def test_old_wordpress_addresses_answer_301(client, media_dir):
    run(FIXTURE, "--media-dir", media_dir)
    article = Article.objects.get(slug="night-market-record")
    new = article.get_absolute_url()

    for old in ["/?p=1", "/2024/05/night-market-record/", "/night-market-record/"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(new)
    assert not Redirect.objects.filter(old_path=new).exists()
    assert client.get(new).status_code == 200


def test_importing_again_changes_nothing(media_dir):
    run(FIXTURE, "--media-dir", media_dir)
    before = [model.objects.count() for model in (Article, Image, Comment, Redirect, BodyPicture)]

    output = run(FIXTURE, "--media-dir", media_dir)

    assert [model.objects.count() for model in (Article, Image, Comment, Redirect, BodyPicture)] == before
    assert "Posts: 0 imported, 0 updated, 6 unchanged" in output
    assert "Comments: 0 imported, 0 updated, 10 unchanged" in output
    assert "Images: 0 imported, 0 updated, 2 unchanged" in output


def test_a_changed_export_updates_instead_of_duplicating(media_dir, tmp_path):
    run(FIXTURE, "--media-dir", media_dir)
    changed = tmp_path / "changed.xml"
    changed.write_text(
        FIXTURE.read_text().replace("Harbour wall to be rebuilt", "Harbour wall repairs approved"), encoding="utf-8"
    )

    output = run(changed, "--media-dir", media_dir)

    assert "Posts: 0 imported, 1 updated, 5 unchanged" in output
    assert Article.objects.filter(headline="Harbour wall repairs approved").count() == 1
    assert not Article.objects.filter(headline="Harbour wall to be rebuilt").exists()


def test_dry_run_writes_nothing_and_prints_the_same_summary(media_dir):
    output = run(FIXTURE, "--media-dir", media_dir, "--dry-run")

    assert "Dry run: nothing was written." in output
    assert "Posts: 6 imported" in output and "Comments: 10 imported" in output
    assert not Article.objects.exists() and not Image.objects.exists() and not Comment.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        ("this is not xml at all", "not well-formed XML"),
        ("<html><body>hello</body></html>", "not a WordPress export"),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>',
            "not a WordPress export",
        ),
        (FIXTURE.read_text()[:3000], "ends too early"),
    ],
)
def test_malformed_files_give_a_clear_message_not_a_traceback(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Article.objects.exists()


def test_wrong_encoding_and_missing_files_are_explained(tmp_path):
    latin = tmp_path / "latin.xml"
    latin.write_bytes(FIXTURE.read_text().replace("Night market", "Caf\u00e9 market").encode("latin-1", "replace"))
    with pytest.raises(CommandError, match="encoding"):
        run(latin)
    with pytest.raises(CommandError, match="No file at"):
        run(tmp_path / "nowhere.xml")


def test_an_entity_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<rss><channel><title>&b;</title></channel></rss>"
    )
    with pytest.raises(CommandError, match="refuse"):
        run(bomb)


@override_settings(WORDPRESS_SECTION_MAP={"Local News": "City"})
def test_category_names_can_be_mapped_to_sections(media_dir):
    run(FIXTURE, "--media-dir", media_dir)
    assert Article.objects.get(slug="night-market-record").section.name == "City"


def test_media_paths_cannot_escape_the_media_dir(tmp_path, media_dir):
    sneaky = tmp_path / "sneaky.xml"
    (tmp_path / "secret.jpg").write_bytes((media_dir / "2024/05/harbour.jpg").read_bytes())
    sneaky.write_text(
        FIXTURE.read_text().replace("2024/05/harbour.jpg]]></wp:meta_value>", "../secret.jpg]]></wp:meta_value>")
    )
    output = run(sneaky, "--media-dir", media_dir)
    assert "points outside --media-dir" in output


def test_comments_are_shortened_to_the_limit_in_settings(settings):
    settings.COMMENTS_MAX_LENGTH = 40
    output = run(FIXTURE)

    longest = max(Comment.objects.values_list("body", flat=True), key=len)
    assert len(longest) <= 40
    assert "longer than 40 characters; shortened." in output


def test_pingbacks_are_shown_as_wordpress_shows_them(media_dir, client):
    run(FIXTURE, "--media-dir", media_dir)
    pingback = Comment.objects.get(kind=Comment.Kind.PINGBACK)
    page = client.get(pingback.article.get_absolute_url()).content.decode()
    assert (
        f'<li id="comment-{pingback.pk}" class="comment comment--pingback"><p><span class="comment__kind">Pingback:</span>'
        in page
    )
    assert f"replyto={pingback.pk}" not in page  # a link from elsewhere is not answered on our page
