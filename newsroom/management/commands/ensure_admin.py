import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse


class Command(BaseCommand):
    help = "Create an admin account with a generated password if there is no superuser yet, and say how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        admin_url = settings.SITE_URL + reverse("admin:index")
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Admin: log in at {admin_url} as '{existing.get_username()}' "
                f"(forgot the password? run: .venv/bin/python manage.py changepassword {existing.get_username()})"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created. Log in at {admin_url} as '{username}' "
                f"with password: {password}\n(It is shown only now; change it with: manage.py changepassword {username})"
            )
        )
