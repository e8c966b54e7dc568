"""Wrong admin passwords lock out the account and the address; an administrator can lift it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password="right-horse-battery", is_staff=True)


def log_in(client, username, password, address="198.51.100.20"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_reason(editor, settings):
    client = Client()
    statuses = [log_in(client, "editor", "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the form again, then the lock
    response = log_in(client, "editor", "right-horse-battery")

    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_whatever_address_the_guesses_come_from(editor, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "editor", "wrong", address=f"203.0.113.{number}")
    assert log_in(Client(), "editor", "right-horse-battery", address="192.0.2.77").status_code == 429


def test_the_address_is_locked_whatever_accounts_it_tries(editor, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), f"someone{number}", "wrong", address="203.0.113.9")
    assert log_in(Client(), "editor", "right-horse-battery", address="203.0.113.9").status_code == 429
    assert log_in(Client(), "editor", "right-horse-battery", address="192.0.2.77").status_code == 302


def test_an_administrator_lifts_the_lock_in_the_admin(editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "editor", "wrong")
    admin = Client()
    admin.force_login(User.objects.create_superuser("chief", password="x"))
    attempts = AccessAttempt.objects.all()
    assert attempts.exists()

    admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk for attempt in attempts], "post": "yes"},
    )

    assert log_in(Client(), "editor", "right-horse-battery").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(editor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor", "right-horse-battery").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(Client(), "editor", "wrong")
    assert log_in(Client(), "editor", "right-horse-battery").status_code == 302
