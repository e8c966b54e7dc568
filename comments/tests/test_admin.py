import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.tests.factories import post

pytestmark = pytest.mark.django_db


def test_moderators_see_the_tree_and_the_queue_count(moderator_client):
    article = ArticleFactory()
    parent = post(article, body="Top level")
    post(article, body="A reply", parent=parent)
    post(article, body="Held", status=Comment.Status.PENDING)

    html = moderator_client.get(reverse("admin:comments_comment_changelist")).content.decode()

    assert "1 awaiting moderation" in html
    assert "↳ A reply" in html and "margin-left:1.5em" in html


def test_filters_and_search_by_ip_hash(moderator_client):
    article = ArticleFactory()
    spotted = post(article, body="From one place", ip_address="192.0.2.1")
    post(article, body="From another", ip_address="192.0.2.2")
    url = reverse("admin:comments_comment_changelist")

    html = moderator_client.get(url, {"q": spotted.ip_hash}).content.decode()
    assert "From one place" in html and "From another" not in html
    assert moderator_client.get(url, {"status__exact": "approved"}).status_code == 200


@pytest.mark.parametrize(
    "action, status",
    [("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed"), ("restore", "approved")],
)
def test_bulk_actions_change_status_and_keep_counts(moderator_client, action, status):
    article = ArticleFactory()
    comments = [post(article, status=Comment.Status.PENDING, body=f"c{n}") for n in range(3)]

    moderator_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": action, "_selected_action": [c.pk for c in comments]},
    )

    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    article.refresh_from_db()
    assert article.comment_count == (3 if status == "approved" else 0)


def test_moderators_cannot_delete(moderator_client):
    comment = post(ArticleFactory())
    html = moderator_client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert "delete_selected" not in html
    assert moderator_client.post(reverse("admin:comments_comment_delete", args=[comment.pk])).status_code == 403


def test_editing_a_body_marks_the_comment_edited(moderator_client, client):
    article = ArticleFactory()
    comment = post(article, body="Original words")
    url = reverse("admin:comments_comment_change", args=[comment.pk])

    response = moderator_client.post(url, {"body": "Trimmed words", "notify_replies": ""})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Trimmed words" and comment.edited_at is not None
    assert "(edited)" in client.get(article.get_absolute_url()).content.decode()


def test_changing_comments_is_not_enough_to_moderate_them(client):
    """The actions ask for "Can moderate comments"; the change permission alone (a crafted POST
    included) leaves the comment as it was."""
    clerk = User.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_comment", "change_comment"]))
    client.force_login(clerk)
    comment = post(ArticleFactory(), body="Held", status=Comment.Status.PENDING)
    url = reverse("admin:comments_comment_changelist")

    assert 'value="approve"' not in client.get(url).content.decode()
    client.post(url, {"action": "approve", "_selected_action": [comment.pk]})

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("action, status", [("approve", "approved"), ("spam", "spam"), ("remove", "removed")])
def test_each_row_has_one_click_moderation(moderator_client, action, status):
    article = ArticleFactory()
    comment = post(article, body="Held for a look", status=Comment.Status.PENDING)
    listing = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    row_url = reverse("admin:comments_comment_moderate", args=[comment.pk, action])

    html = moderator_client.get(listing).content.decode()
    assert f'formaction="{row_url}"' in html
    response = moderator_client.post(row_url, HTTP_REFERER="http://testserver" + listing)

    assert response.status_code == 302 and response["Location"].endswith(listing)
    comment.refresh_from_db()
    assert comment.status == status
    article.refresh_from_db()
    assert article.comment_count == (1 if status == "approved" else 0)


def test_row_moderation_is_refused_without_the_permission_or_by_get_or_with_an_unknown_action(moderator_client):
    comment = post(ArticleFactory(), status=Comment.Status.PENDING)
    clerk = User.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_comment", "change_comment"]))
    client = Client()
    client.force_login(clerk)

    assert client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])).status_code == 403
    assert client.post(reverse("admin:comments_comment_reply", args=[comment.pk]), {"body": "Hi"}).status_code == 403
    assert (
        moderator_client.get(reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])).status_code
        == 405
    )
    assert (
        moderator_client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, "delete"])).status_code
        == 404
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and Comment.objects.count() == 1


def test_a_moderator_replies_from_the_list_and_the_answered_comment_is_approved(moderator_client):
    article = ArticleFactory()
    comment = post(article, body="Is the bridge closed all week?", status=Comment.Status.PENDING)
    User.objects.filter(username="mod").update(first_name="Dana", last_name="Desk", email="dana@example.org")
    url = reverse("admin:comments_comment_reply", args=[comment.pk])

    page = moderator_client.get(url).content.decode()
    assert "Is the bridge closed all week?" in page and "Replying approves this comment" in page
    assert "This field is required" in moderator_client.post(url, {"body": ""}).content.decode()
    response = moderator_client.post(url, {"body": "Until Friday, says the council.", "back": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == reverse("admin:comments_comment_changelist")
    reply = Comment.objects.get(parent=comment)
    comment.refresh_from_db()
    assert comment.status == reply.status == Comment.Status.APPROVED
    assert reply.author_name == "Dana Desk" and reply.author_email == "dana@example.org"
    assert "Until Friday, says the council." in Client().get(article.get_absolute_url()).content.decode()


def test_a_reply_the_model_refuses_is_shown_on_the_form_and_publishes_nothing(moderator_client, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    comment = post(ArticleFactory(), body="Held", status=Comment.Status.SPAM)
    url = reverse("admin:comments_comment_reply", args=[comment.pk])

    response = moderator_client.post(url, {"body": "x" * 51})

    assert response.status_code == 200
    assert "at most 50 characters" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM and Comment.objects.count() == 1


def test_approving_from_the_pending_list_says_how_many_were_approved(moderator_client):
    """The count was taken from the filtered selection after the change: "0 comments approved"."""
    article = ArticleFactory()
    comments = [post(article, status=Comment.Status.PENDING, body=f"c{n}") for n in range(3)]
    response = moderator_client.post(
        reverse("admin:comments_comment_changelist") + "?status__exact=pending",
        {"action": "approve", "_selected_action": [c.pk for c in comments]},
        follow=True,
    )
    assert "3 comments approved." in response.content.decode()


@pytest.mark.parametrize("back", ["99999999999999999999", "admin:index", "javascript:alert(1)", "//evil.example/x"])
def test_a_row_action_or_reply_with_a_back_address_that_is_no_page_goes_to_the_list(moderator_client, back):
    comment = post(ArticleFactory(), status=Comment.Status.PENDING)
    listing = reverse("admin:comments_comment_changelist")

    moved = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"]), HTTP_REFERER=back
    )
    replied = moderator_client.post(
        reverse("admin:comments_comment_reply", args=[comment.pk]), {"body": "Thanks for this.", "back": back}
    )

    assert (moved.status_code, moved["Location"]) == (302, listing)  # committed writes never answer 500
    assert (replied.status_code, replied["Location"]) == (302, listing)
    assert Comment.objects.filter(parent=comment).count() == 1
