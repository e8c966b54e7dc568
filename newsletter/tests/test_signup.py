import re

import pytest
from django.core import mail, signing
from django.test import Client

from articles.tests.factories import ArticleFactory
from newsletter.models import Subscriber
from newsletter.tokens import CONFIRM_SALT, confirm_token, unsubscribe_token
from newsletter.views import subscribe

pytestmark = pytest.mark.django_db


def sign_up(client, email="reader@example.org", consent="on", address="192.0.2.10"):
    data = {"email": email}
    if consent:
        data["consent"] = consent
    return client.post("/newsletter/subscribe/", data, REMOTE_ADDR=address)


def without_tokens(response):
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())


def link_in(message):
    return re.search(r"https?://[^\s]+", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_the_sign_up_form_is_in_the_footer_and_under_each_story_once(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("Get the week's stories every Sunday") == 1  # under the story, not in its footer too
    assert 'id="id_newsletter_article_email"' in html and 'id="id_newsletter_footer_email"' not in html
    html = client.get("/").content.decode()
    assert html.count("Get the week's stories every Sunday") == 1 and 'id="id_newsletter_footer_email"' in html


def test_a_reader_who_signs_up_under_a_story_lands_back_on_it_told_what_comes_next(
    client, settings, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    page = settings.SITE_URL + article.get_absolute_url() + "?cpage=2"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/subscribe/",
            {"email": "reader@example.org", "consent": "on", "place": "article"},
            HTTP_REFERER=page,
            HTTP_HOST=settings.SITE_URL.split("://")[1],
        )
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2&subscribed=article#newsletter-article-done"
    html = client.get(response["Location"]).content.decode()
    assert "Almost there" in html and 'role="status"' in html.split("Almost there")[0].rsplit("<p", 1)[1]
    assert "Almost there" not in client.get(article.get_absolute_url()).content.decode()  # said once
    assert len(mail.outbox) == 1  # the confirmation, as from the page of its own

    # From another site, or with no Referer: the page of its own, never a redirect elsewhere.
    for referer in ("https://elsewhere.example/story/", ""):
        answer = client.post(
            "/newsletter/subscribe/",
            {"email": "other@example.org", "consent": "on", "place": "article"},
            HTTP_REFERER=referer,
            REMOTE_ADDR="192.0.2.99",
        )
        assert answer.status_code == 200 and "Check your inbox" in answer.content.decode()


def test_double_opt_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1
    path = "/" + link_in(mail.outbox[0])
    assert "Yes, subscribe me" in client.get(path).content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # opening the link is not enough
    assert "You are subscribed" in client.post(path).content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_signing_up_twice_makes_one_subscriber_and_reveals_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(client)
    Subscriber.objects.update(status=Subscriber.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        again = sign_up(client, email="READER@example.org")
        stranger = sign_up(client, email="someone.new@example.org")

    assert Subscriber.objects.filter(email__iexact="reader@example.org").count() == 1
    pages = {without_tokens(response) for response in (first, again, stranger)}
    assert len(pages) == 1  # known, confirmed or new: the same page
    assert [m.to for m in mail.outbox] == [["reader@example.org"], ["someone.new@example.org"]]


def test_invalid_input_re_renders_with_the_reason_and_the_text(client):
    response = sign_up(client, email="not-an-address")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid email address" in html and 'value="not-an-address"' in html
    response = sign_up(client, consent=None)
    assert "Tick the box" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_sign_ups_are_rate_limited_per_address(client, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 2
    statuses = [sign_up(client, email=f"r{n}@example.org").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    assert sign_up(Client(), email="other@example.org", address="192.0.2.99").status_code == 200


def test_expired_and_tampered_confirmation_links_say_so(client, monkeypatch):
    subscriber = Subscriber.objects.create(email="late@example.org")
    token = confirm_token(subscriber)
    assert client.get(f"/newsletter/confirm/{token}x/").status_code == 400

    def expired(*args, **kwargs):
        raise signing.SignatureExpired("too old")

    monkeypatch.setattr(signing, "loads", expired)
    response = client.get(f"/newsletter/confirm/{token}/")
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert CONFIRM_SALT


def test_unsubscribe_with_a_confirm_page_and_with_one_click(client):
    first = Subscriber.objects.create(email="a@example.org", status=Subscriber.Status.CONFIRMED)
    second = Subscriber.objects.create(email="b@example.org", status=Subscriber.Status.CONFIRMED)

    page = client.get(f"/newsletter/unsubscribe/{unsubscribe_token(first)}/").content.decode()
    assert "Stop receiving the weekly digest?" in page
    client.post(f"/newsletter/unsubscribe/{unsubscribe_token(first)}/")

    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        f"/newsletter/unsubscribe/{unsubscribe_token(second)}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert set(Subscriber.objects.values_list("status", flat=True)) == {Subscriber.Status.UNSUBSCRIBED}
    assert client.post("/newsletter/unsubscribe/forged/").status_code == 400


def test_naughty_strings_in_the_email_field_never_break_the_page(client, naughty_strings, settings):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 10_000
    for text in naughty_strings:
        response = sign_up(client, email=text)
        assert response.status_code in (200, 400), text
        assert b"<script>alert" not in response.content


def test_the_confirmation_mail_goes_out_only_after_the_answer(django_capture_on_commit_callbacks, rf):
    """So a new address takes no longer to answer than a known one: timing reveals nothing."""
    request = rf.post("/newsletter/subscribe/", {"email": "new@example.org", "consent": "on"}, REMOTE_ADDR="192.0.2.9")
    request._dont_enforce_csrf_checks = True
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(request)

    assert response.status_code == 200 and mail.outbox == []
    response.close()  # what the server does once the answer is sent
    assert [message.to for message in mail.outbox] == [["new@example.org"]]


def test_known_and_new_addresses_get_the_same_answer_before_any_mail(client, django_capture_on_commit_callbacks):
    Subscriber.objects.create(email="known@example.org", status=Subscriber.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        known = sign_up(client, email="known@example.org")
        new = sign_up(client, email="new@example.org", address="192.0.2.11")
    assert without_tokens(known) == without_tokens(new)
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
