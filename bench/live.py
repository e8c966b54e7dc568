"""A live story under a crowd: 10,000 readers polling every 15 s while an editor posts.

    .venv/bin/python bench/live.py                       # 5 minutes, as the figures in docs/
    .venv/bin/python bench/live.py --seconds 60          # a quick look

PostgreSQL (a scratch database, `newsroom_live_bench`, made afresh) and Redis (database 9,
flushed) on this machine, as production runs: gunicorn (4 workers, DJANGO_DEBUG off). A live
story with 500 updates. wrk (Debian's package) plays the readers: 50 connections pacing their
"anything newer?" requests (72 ms apart) to about 670 a second (10,000 readers / 15 s), each asking after the
newest update it has seen; a second wrk asks for the story page itself, 20 a second (readers
arriving). Meanwhile the editor posts an update every 10 s (through live.services, as the desk
does), and a watcher asks after each post how long until the answer carries it.

Printed: p50 and p99 of the polls and of the page, the share of polls answered from the cache,
and the time from an update's commit until an "anything newer?" answer carries it (a reader
polling every 15 s has it within that plus the poll interval).
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "newsroom_live_bench"
PG = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
PORT = 8097
POLL_LUA = """
after = "0"
hits, misses = 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) after = args[1] end
function request() return wrk.format("GET", "/live/%s/newer/?after=" .. after) end
function delay() return %d end
function response(status, headers, body)
  local newest = string.match(body, '"newest": (%%d+)')
  if newest then after = newest end
  if headers["X-Live-Cache"] == "hit" then hits = hits + 1 else misses = misses + 1 end
end
function done(summary, latency, requests)
  local h, m = 0, 0
  for _, t in ipairs(threads) do h = h + t:get("hits"); m = m + t:get("misses") end
  io.write(string.format("CACHE hits=%%d misses=%%d\\n", h, m))
end
"""
PAGE_LUA = "function delay() return %d end\n"


def environment():
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "REDIS_URL": REDIS,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "live-bench-only-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }


def prepare(env, folder):
    subprocess.run(
        ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}", "-c", f"CREATE DATABASE {DATABASE}"],
        check=True,
    )  # noqa: E501
    subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], check=True, stdout=subprocess.DEVNULL)
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**env, "STATIC_ROOT": str(folder / "static")},
        check=True,
    )  # noqa: E501


def make_story():
    """The live story with 500 updates, in this process (Django set up on the bench database)."""
    import datetime

    from django.contrib.auth.models import User
    from django.utils import timezone

    from articles.models import Article, Section
    from live.models import LiveCoverage, LiveUpdate

    section = Section.objects.create(name="News", slug="news")
    start = timezone.now() - datetime.timedelta(hours=10)
    article = Article.objects.create(
        headline="Election night, live",
        slug="election-night-live",
        section=section,
        body="<p>Results as they come.</p>",
        status=Article.Status.PUBLISHED,
        publish_at=start,
    )  # noqa: E501
    coverage = LiveCoverage.objects.create(article=article, started_at=start, summary="<p>Counting goes on.</p>")
    LiveUpdate.objects.bulk_create(
        LiveUpdate(
            coverage=coverage,
            body=f"<p>Update {n}: the count in ward {n % 40} is in, and turnout is up.</p>",
            publish_at=start + datetime.timedelta(minutes=n),
        )  # noqa: E501
        for n in range(500)
    )
    editor = User.objects.create_superuser("editor", "editor@example.org", "bench passphrase 123")
    return article, coverage, editor


def wrk(script, path, seconds, connections, out):
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        script,
        f"http://127.0.0.1:{PORT}{path}",
    ]  # noqa: E501
    return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def percentiles(text):
    found = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", text, re.M))
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    return found.get("50"), found.get("99"), rate.group(1) if rate else "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-live-bench-"))
    env = environment()
    prepare(env, folder)
    os.environ.update({key: value for key, value in env.items() if key != "DJANGO_SETTINGS_MODULE"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from live.services import update_post

    article, coverage, editor = make_story()
    newest = coverage.updates.order_by("-publish_at", "-pk").values_list("pk", flat=True).first()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "newsroom.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "4", "--access-logfile", "/dev/null"],  # noqa: E501
        cwd=ROOT, env={**env, "STATIC_ROOT": str(folder / "static")}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # noqa: E501
    )  # fmt: skip
    base = f"http://127.0.0.1:{PORT}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + article.get_absolute_url(), timeout=2)  # noqa: S310 - our own server
            break
        except OSError:
            time.sleep(0.1)
    poll_script, page_script = folder / "poll.lua", folder / "page.lua"
    poll_script.write_text(
        POLL_LUA.replace("/live/%s/", f"/live/{article.pk}/").replace("%d", "72", 1).replace("%%", "%")
    )
    page_script.write_text(PAGE_LUA % 100)
    seen_after = []
    stop = threading.Event()

    def editor_posts():
        number = 0
        while not stop.wait(10):
            number += 1
            update = update_post(coverage=coverage, by=editor, body=f"<p>Breaking {number}: another ward declares.</p>")
            committed = time.monotonic()
            while not stop.is_set():
                with urllib.request.urlopen(
                    f"{base}/live/{article.pk}/newer/?after={newest_seen[0]}", timeout=5
                ) as answer:  # noqa: S310
                    data = json.loads(answer.read())
                if data["newest"] == update.pk:
                    seen_after.append(time.monotonic() - committed)
                    newest_seen[0] = update.pk
                    break
                time.sleep(0.02)

    newest_seen = [newest]
    poster = threading.Thread(target=editor_posts, daemon=True)
    with open(folder / "poll.txt", "w") as polls_out, open(folder / "page.txt", "w") as page_out:
        polls = subprocess.Popen(
            ["wrk", "-t2", "-c50", f"-d{args.seconds}s", "--latency", "-s", str(poll_script), f"{base}/", "--", str(newest)],  # noqa: E501
            stdout=polls_out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        pages = wrk(str(page_script), article.get_absolute_url(), args.seconds, 2, page_out)
        poster.start()
        polls.wait()
        pages.wait()
        stop.set()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    poll_text, page_text = (folder / "poll.txt").read_text(), (folder / "page.txt").read_text()
    hits = re.search(r"CACHE hits=(\d+) misses=(\d+)", poll_text)
    p50, p99, rate = percentiles(poll_text)
    page50, page99, page_rate = percentiles(page_text)
    print(f"Polls ({rate}/s over {args.seconds} s): p50 {p50}, p99 {p99}")
    if hits:
        hit, miss = int(hits.group(1)), int(hits.group(2))
        print(f"Polls answered from the cache: {hit / max(hit + miss, 1):.1%} ({hit} of {hit + miss})")
    print(f"Story page ({page_rate}/s): p50 {page50}, p99 {page99}")
    if seen_after:
        print(
            f"Updates posted: {len(seen_after)}; from commit to an answer carrying it: median "
            f"{statistics.median(seen_after) * 1000:.0f} ms, worst {max(seen_after) * 1000:.0f} ms "
            f"(a reader polling every 15 s has it within 15 s plus that)"
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
