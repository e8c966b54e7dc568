"""Do readers' pages stay fast while someone floods the admin login? Run by hand, on loopback:

    .venv/bin/python bench/login_flood.py [--seconds 10] [--threads 6]

Serves the demo newsroom with gunicorn (2 workers, DJANGO_DEBUG off, a scratch SQLite database),
measures the home page alone, then again while `--threads` clients post wrong admin passwords as
fast as they can, and prints the median and 95th percentile of both, with what the flood got.
"""

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 58123


def get(path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response, response.read()


def reader_latencies(seconds):
    timings, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        get("/")
        timings.append((time.perf_counter() - start) * 1000)
        time.sleep(0.02)
    return timings


def flood(stop, outcomes):
    while not stop.is_set():
        response, body = get("/admin/login/")
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = f"csrfmiddlewaretoken={token}&username=user{secrets.randbelow(10**6)}&password=wrong&next=/admin/"
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        connection.request(
            "POST",
            "/admin/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"http://127.0.0.1:{PORT}/",
            },
        )
        outcomes.append(connection.getresponse().status)


def summary(timings):
    ordered = sorted(timings)
    return f"median {statistics.median(ordered):.1f} ms, p95 {ordered[int(len(ordered) * 0.95) - 1]:.1f} ms ({len(ordered)} requests)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=6)
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="login-flood-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "MEDIA_ROOT": str(scratch / "media"),
        "SITE_URL": f"http://127.0.0.1:{PORT}",
    }
    python = str(ROOT / ".venv/bin/python")
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        subprocess.run([python, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "newsroom.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                get("/")
                break
            except OSError:
                time.sleep(0.1)
        quiet = reader_latencies(options.seconds)
        stop, outcomes = threading.Event(), []
        flooders = [threading.Thread(target=flood, args=(stop, outcomes)) for _ in range(options.threads)]
        for thread in flooders:
            thread.start()
        busy = reader_latencies(options.seconds)
        stop.set()
        for thread in flooders:
            thread.join()
        counts = {status: outcomes.count(status) for status in sorted(set(outcomes))}
        print(f"home page alone:         {summary(quiet)}")
        print(f"home page during flood:  {summary(busy)}")
        print(f"login attempts answered: {counts}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
