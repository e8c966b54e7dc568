"""Django for the in-process bench scripts: test settings on a scratch database (created and
migrated here; never point DATABASE_URL at real data), the test client allowed in."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def scratch_django(default_database):
    """Set Django up on DATABASE_URL (default: `default_database`) and migrate it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings_test")
    os.environ.setdefault("DATABASE_URL", default_database)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    return settings
