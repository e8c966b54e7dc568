"""README stays true for a newcomer: every environment variable the application reads is in it."""

import os
import re
import subprocess
import sys
from pathlib import Path

from newsroom.tests.test_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r"""(?:env_bool|env_int|env_float|env_list|env_required|environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
NOT_OURS = {"DJANGO_SETTINGS_MODULE"}  # Django's own


def variables_read():
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "bench", "browser_tests", "node_modules"} or "tests" in relative.parts:
            continue
        for name in READS.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, str(relative))
    return {name: where for name, where in found.items() if name not in NOT_OURS}


def test_every_environment_variable_the_application_reads_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = variables_read()

    assert "MEDIA_S3_BUCKET" in names and "DJANGO_SECRET_KEY" in names  # the scan finds them
    missing = {name: where for name, where in names.items() if f"`{name}`" not in readme}
    assert missing == {}


def test_the_deploy_checklist_sets_only_variables_the_application_reads():
    listed = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (ROOT / "deploy" / "env.example").read_text(), re.MULTILINE)

    assert len(listed) > 20
    known = set(variables_read()) | {"DATABASE_URL"}  # read by dj-database-url
    assert set(listed) - known == set()  # no misspelt or forgotten name


def test_gunicorn_starts_with_the_deploy_configuration():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="newsroom.settings")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "--check-config", "--config", "deploy/gunicorn.conf.py", "newsroom.wsgi"]

    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr + result.stdout
