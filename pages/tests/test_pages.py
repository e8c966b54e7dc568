import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import call_command

from pages.models import Page

pytestmark = pytest.mark.django_db


def page(title, slug, parent=None, **fields):
    fields.setdefault("status", Page.Status.PUBLISHED)
    made = Page(title=title, slug=slug, parent=parent, **fields)
    made.full_clean()
    made.save()
    return made


def test_nested_pages_have_their_own_addresses_and_move_with_their_parent(client):
    about = page("About", "about", body="<p>Who we are.</p><script>x</script>")
    team = page("Our team", "team", parent=about)
    assert team.get_absolute_url() == "/about/team/"
    response = client.get("/about/team/")
    assert response.status_code == 200 and b"Our team" in response.content and b'href="/about/"' in response.content
    assert b"<script>x" not in client.get("/about/").content

    about.slug = "who-we-are"
    about.save()
    team.refresh_from_db()
    assert team.path == "who-we-are/team" and client.get("/who-we-are/team/").status_code == 200


def test_drafts_and_reserved_addresses(client):
    page("Draft", "draft", status=Page.Status.DRAFT)
    assert client.get("/draft/").status_code == 404
    for slug in ("admin", "section", "2024"):
        with pytest.raises(ValidationError):
            page("Clash", slug)
    about = page("About", "about")
    with pytest.raises(ValidationError):
        about.parent = page("Child", "child", parent=about)
        about.full_clean()


def test_footer_sitemap_and_privacy_link(client):
    page("Privacy", "privacy", purpose=Page.Purpose.PRIVACY)
    page("Terms", "terms", in_footer=False)
    home = client.get("/").content.decode()
    assert 'href="/privacy/"' in home and 'href="/terms/"' not in home.split("site-footer")[1]
    signup = home.split('class="newsletter-signup__consent')[1].split("</form>")[0]
    assert 'href="/privacy/">Privacy policy</a>' in signup  # the form that asks for an e-mail address
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/privacy/</loc>" in sitemap and "/terms/</loc>" in sitemap
    assert "sitemap-pages.xml" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("group, allowed", [("Reporter", False), ("Editor", True)])
def test_editors_keep_pages_and_reporters_cannot_change_them(client, group, allowed):
    about = page("About", "about", body="<p>Old.</p>")
    user = User.objects.create_user("staff", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    data = {
        "title": "About",
        "slug": "about",
        "body": "<p>New.</p>",
        "status": "published",
        "purpose": "",
        "in_footer": "on",
        "order": 0,
    }

    assert client.get("/admin/pages/page/add/").status_code == (200 if allowed else 403)
    response = client.post(f"/admin/pages/page/{about.pk}/change/", data)
    created = client.post("/admin/pages/page/add/", {**data, "slug": "new-page", "title": "New"})
    deleted = client.post(f"/admin/pages/page/{about.pk}/delete/", {"post": "yes"})

    assert response.status_code == (302 if allowed else 403)
    assert created.status_code == (302 if allowed else 403)
    assert Page.objects.filter(slug="new-page").exists() is allowed
    assert deleted.status_code == (302 if allowed else 403)
    assert Page.objects.filter(pk=about.pk).exists() is not allowed


def test_the_demo_pages_are_seeded_once_and_reachable(client):
    call_command("seed_pages", stdout=io.StringIO())
    call_command("seed_pages", stdout=io.StringIO())
    assert Page.objects.count() == 5
    assert client.get("/privacy/").status_code == 200
    assert 'href="/privacy/"' in client.get("/").content.decode()


def test_a_page_tree_cannot_be_moved_deeper_than_the_limit():
    chain = [page("Level 0", "l0")]
    for depth in range(1, 4):
        chain.append(page(f"Level {depth}", f"l{depth}", parent=chain[-1]))
    other = page("Other", "other")
    deep = page("Deep", "deep", parent=other)
    chain[0].parent = deep  # the four-level tree under two more levels: six
    with pytest.raises(ValidationError):
        chain[0].full_clean()


def test_a_renamed_or_moved_page_keeps_answering_at_its_old_address(client, django_capture_on_commit_callbacks):
    about = page("About", "about")
    team = page("Team", "team", parent=about)
    with django_capture_on_commit_callbacks(execute=True):
        about.slug = "who-we-are"
        about.save()
    assert client.get("/about/")["Location"] == "/who-we-are/"
    assert client.get("/about/team/")["Location"] == "/who-we-are/team/"
    team.refresh_from_db()
    assert client.get(team.get_absolute_url()).status_code == 200
