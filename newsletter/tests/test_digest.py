import datetime
import io

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.tests.factories import ArticleFactory, ImageFactory, SectionFactory
from newsletter.models import Delivery, Digest, Subscriber
from newsletter.tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def week():
    """A week with stories in two sections, and one story outside it."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=7)
    moment = timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))
    news, culture = SectionFactory(name="News", slug="news"), SectionFactory(name="Culture", slug="culture")
    ArticleFactory(headline="Bridge reopens", section=news, publish_at=moment, lead_image=ImageFactory())
    ArticleFactory(headline="Festival returns", section=culture, publish_at=moment + datetime.timedelta(days=2))
    ArticleFactory(headline="Old story", section=news, publish_at=moment - datetime.timedelta(days=3))
    return start


def subscribers(count, status=Subscriber.Status.CONFIRMED):
    return [Subscriber.objects.create(email=f"s{n}@example.org", status=status) for n in range(count)]


def use(server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = False


def test_a_digest_run_over_real_smtp(week, settings):
    subscribers(5)
    Subscriber.objects.create(email="pending@example.org")
    Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    settings.NEWSLETTER_BATCH_SIZE = 2
    with SMTPServer() as server:
        use(server, settings)
        call_command("send_digest", "--since", week.isoformat(), verbosity=0)

    assert sorted(m["To"] for m in server.messages) == [f"s{n}@example.org" for n in range(5)]
    message = server.messages[0]
    assert (
        message["List-Unsubscribe"].strip().startswith("<http")
        and "/newsletter/unsubscribe/" in message["List-Unsubscribe"]
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = (part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart())
    assert "Bridge reopens" in text and "Festival returns" in text and "Old story" not in text
    assert "NEWS" in text and "CULTURE" in text
    assert '<img src="http' in html and "Unsubscribe" in html
    assert Digest.objects.get().sent_count == 5


def test_running_again_for_the_same_week_sends_nothing_twice(week, settings):
    subscribers(3)
    with SMTPServer() as server:
        use(server, settings)
        call_command("send_digest", "--since", week.isoformat(), verbosity=0)
        call_command("send_digest", "--since", week.isoformat(), verbosity=0)
    assert len(server.messages) == 3
    assert Delivery.objects.count() == 3


def test_a_run_cut_off_by_the_server_resumes_with_exactly_the_rest(week, settings):
    subscribers(7)
    settings.NEWSLETTER_BATCH_SIZE = 3
    with SMTPServer(fail_after=4) as failing:
        use(failing, settings)
        with pytest.raises(CommandError, match="run the same command again"):
            call_command("send_digest", "--since", week.isoformat(), verbosity=0)
    assert len(failing.messages) == 4
    assert Delivery.objects.count() == 4

    with SMTPServer() as healthy:
        use(healthy, settings)
        call_command("send_digest", "--since", week.isoformat(), verbosity=0)

    first = {m["To"] for m in failing.messages}
    rest = {m["To"] for m in healthy.messages}
    assert len(rest) == 3 and not first & rest
    assert first | rest == {f"s{n}@example.org" for n in range(7)}


def test_dry_run_sends_and_records_nothing(week, settings, capsys):
    subscribers(2)
    with SMTPServer() as server:
        use(server, settings)
        call_command("send_digest", "--since", week.isoformat(), "--dry-run")
    assert server.messages == [] and not Digest.objects.exists()
    assert "would send to 2 subscribers" in capsys.readouterr().out


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--since takes a date"):
        call_command("send_digest", "--since", "last tuesday")


def test_staff_can_preview_the_digest_and_others_cannot(client, week, django_user_model):
    assert client.get("/newsletter/preview/").status_code == 302
    client.force_login(django_user_model.objects.create_user("desk", is_staff=True))
    response = client.get("/newsletter/preview/")
    assert response.status_code == 200 and "Bridge reopens" in response.content.decode()


class Killed(BaseException):
    """What SIGKILL looks like from inside: nothing after it runs, no `except Exception` catches it."""


@pytest.mark.parametrize("moment", ["before the message goes out", "after the server accepted it"])
def test_a_run_killed_at_any_moment_sends_nothing_twice(week, settings, monkeypatch, moment):
    subscribers(3)
    real_send = EmailMultiAlternatives.send
    sends = []

    def send_then_die(message, *args, **kwargs):
        if len(sends) == 1:
            if moment == "after the server accepted it":
                real_send(message, *args, **kwargs)
                sends.append(message.to[0])
            raise Killed
        sends.append(message.to[0])
        return real_send(message, *args, **kwargs)

    with SMTPServer() as server:
        use(server, settings)
        monkeypatch.setattr(EmailMultiAlternatives, "send", send_then_die)
        with pytest.raises(Killed):
            call_command("send_digest", "--since", week.isoformat(), verbosity=0)
        monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
        output = io.StringIO()
        call_command("send_digest", "--since", week.isoformat(), stdout=output)

    addresses = [m["To"] for m in server.messages]
    assert len(addresses) == len(set(addresses))  # nobody twice
    assert len(addresses) == (3 if moment == "after the server accepted it" else 2)
    assert "1 e-mails were being sent when an earlier run was killed" in output.getvalue()
    assert Digest.objects.get().sent_count == len(addresses) - (1 if moment == "after the server accepted it" else 0)


def test_queued_for_a_worker_a_run_the_server_cuts_off_is_tried_again_and_finishes(week, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    subscribers(5)
    settings.NEWSLETTER_BATCH_SIZE = 2
    out = io.StringIO()
    call_command("send_digest", "--since", week.isoformat(), "--queue", stdout=out)
    assert "Queued for the task workers" in out.getvalue()
    assert not Delivery.objects.exists()  # nothing sent by the command itself

    worker = ["run_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0"]
    with SMTPServer(fail_after=3) as failing:
        use(failing, settings)
        call_command(*worker, verbosity=0)
    first_try, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first_try.status == TaskResultStatus.FAILED and "TryAgain" in first_try.exception_class_path
    assert retry.status == TaskResultStatus.READY and retry.run_after > timezone.now()  # later, not at once

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    with SMTPServer() as healthy:
        use(healthy, settings)
        call_command(*worker, verbosity=0)

    assert DBTaskResult.objects.get(pk=retry.pk).status == TaskResultStatus.SUCCESSFUL
    assert len(failing.messages) + len(healthy.messages) == 5  # everyone once
    assert Digest.objects.get().sent_count == 5
