"""Fault drill: how the site behaves when PostgreSQL, Redis or the media disk fail. Run by hand, as root:

    .venv/bin/python bench/drill.py [--port-base 25432] [--seconds 10] [--timeout 10]

All on 127.0.0.1 and private to the drill (a temp dir): its own PostgreSQL cluster on port-base, Redis on
port-base+1, gunicorn on port-base+2; the system PostgreSQL and Redis are never touched. It seeds the demo,
then client threads read pages, post comments and vote through five phases of --seconds each: baseline,
PostgreSQL stopped, Redis killed, Redis frozen (DEBUG SLEEP), media disk full (64 KiB tmpfs over
MEDIA_ROOT/images while images are uploaded through the admin). The table (also written to
bench/results/drill-<timestamp>.md, gunicorn's log beside it) gives per phase the requests and their
statuses, the page reads by status and X-Page-Cache (hit, stale, miss: "200/stale"), the comments posted,
acknowledged (the answer points at the saved comment: a Location, or a JSON "location", with
#comment-<id>), refused (any other answer short of a 5xx: the story's bare address, a 4xx) and stored
(found by a unique token in the body), acknowledged ones lost and stored ones not acknowledged, and
seconds from the fault's end to a home page built afresh from the database (see `probe`). About two
to five minutes; everything it started is stopped and removed at the end, whatever happens.
"""

import argparse
import collections
import io
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drill_clients import PROBE_COOKIE, Load, fetch, form_post
from drill_services import PG_BIN, ROOT, Services, db_query, port_free, run

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
BODY_TOKEN = re.compile(r"drilltok[0-9a-f]{12}")
ADMIN_PASSWORD = "drill-" + secrets.token_hex(8)


def probe(ctx):
    """GET the home page as a reader whose page the page cache leaves alone (PROBE_COOKIE), so it is
    built from the database or not at all. A query string would not do: parameters no page reads are
    left out of the cache key, so `/?anything` is the cached home page, and with the database away the
    page cache also answers from its last good copy (X-Page-Cache: stale). Returns (fresh, label):
    fresh only for a 200 that no cached copy answered; label is the status, with the X-Page-Cache
    state if any ("200/hit", "200/stale": never fresh) and "+Retry-After" on a 503 that has one."""
    answer = fetch(ctx["port"], "GET", "/", headers={"Cookie": PROBE_COOKIE}, timeout=2)
    state = answer.headers.get("x-page-cache")
    label = f"{answer.status}/{state}" if state else str(answer.status)
    if answer.status == 503 and "retry-after" in answer.headers:
        label += "+Retry-After"
    return answer.status == 200 and state not in ("hit", "stale"), label


def seconds_to_home_200(ctx, fault_end, limit=30):
    """Seconds from the fault's end to the first fresh 200 from `probe`, and what the probe got before."""
    before = collections.Counter()
    for _ in range(1000):
        if time.monotonic() - fault_end > limit:
            break
        fresh, label = probe(ctx)
        if fresh:
            seconds = round(time.monotonic() - fault_end, 1)
            return f"{seconds} (after {fmt_counts(before)})" if before else f"{seconds}"
        before[label] += 1
        time.sleep(0.1)
    return f">{limit} ({fmt_counts(before)})"


def probe_note(ctx):
    """What the recovery probe gets while the fault lasts (a check that it cannot pass meanwhile)."""
    return f"probe during the fault: {probe(ctx)[1]}"


# Faults: each runs while the load runs, and returns when the fault ended and a note.


def fault_postgres_stopped(svc, ctx):
    svc.pg_ctl("stop -m fast")
    time.sleep(ctx["seconds"])
    note = probe_note(ctx)
    svc.start_pg()
    return time.monotonic(), note


def fault_redis_killed(svc, ctx):
    svc.redis.send_signal(signal.SIGKILL)
    svc.redis.wait(10)
    time.sleep(ctx["seconds"])
    note = probe_note(ctx)
    svc.start_redis()
    return time.monotonic(), note


def fault_redis_frozen(svc, ctx):
    command = ["redis-cli", "-p", str(svc.redis_port), "DEBUG", "SLEEP", str(ctx["seconds"])]
    sleeper = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(ctx["seconds"] / 2)
    note = probe_note(ctx)
    answer = sleeper.communicate(timeout=ctx["seconds"] + 30)[0].strip()
    return time.monotonic(), note if answer == "OK" else f"DEBUG SLEEP answered {answer!r}: no freeze"


def noise_jpeg(kilobytes=300):
    from PIL import Image

    side = int((kilobytes * 1024 / 3) ** 0.5 * 1.1)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def admin_cookies(port):
    _, cookies, html, _ = fetch(port, "GET", "/admin/login/")
    csrf = [cookies.get("csrftoken", ""), (CSRF_FIELD.search(html) or ["", ""])[1]]
    fields = {"username": "drill", "password": ADMIN_PASSWORD, "next": "/admin/"}
    _, cookies, _, _ = form_post(port, "/admin/login/?next=/admin/", fields, csrf)
    return f"sessionid={cookies.get('sessionid')}; csrftoken={cookies.get('csrftoken', csrf[0])}"


def upload_image(port, cookie, n):
    """POST a noise JPEG to the admin's add-image form; the answer's status (or what went wrong)."""
    status, _, html, _ = fetch(port, "GET", "/admin/articles/image/add/", headers={"Cookie": cookie})
    if status != 200 or not CSRF_FIELD.search(html):
        return f"form-{status}"
    fields = {"csrfmiddlewaretoken": CSRF_FIELD.search(html)[1], "alt_text": f"Noise {n}", "title": f"drill-{n}"}
    boundary = "drill" + secrets.token_hex(8)
    parts = [f'Content-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    parts.append(f'Content-Disposition: form-data; name="file"; filename="drill-{n}.jpg"\r\n')
    body = "".join(f"--{boundary}\r\n{part}" for part in parts)
    body = body.encode() + b"Content-Type: image/jpeg\r\n\r\n" + noise_jpeg() + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie}
    status, _, html, _ = fetch(port, "POST", "/admin/articles/image/add/", body, headers, timeout=30)
    return "200-form-error" if status == 200 and "errornote" in html else status


def fault_disk_full(svc, ctx):
    images = svc.media / "images"
    images.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(shlex.split(f"mount -t tmpfs -o size=64k tmpfs {images}"), capture_output=True, text=True)
    if mount.returncode != 0:
        time.sleep(ctx["seconds"])
        return time.monotonic(), f"mount failed ({mount.stderr.strip() or mount.returncode}): no disk fault"
    svc.mounted = True
    try:
        deadline, uploads = time.monotonic() + ctx["seconds"], collections.Counter()
        cookie = admin_cookies(svc.web_port)
        for n in range(20):
            if time.monotonic() > deadline:
                break
            uploads[upload_image(svc.web_port, cookie, n)] += 1
        time.sleep(max(0, deadline - time.monotonic()))
        files = [(str(p.relative_to(svc.media)), p.stat().st_size) for p in sorted(images.rglob("*")) if p.is_file()]
    finally:
        subprocess.run(["umount", str(images)], capture_output=True)
        svc.mounted = False
    ctx["leftovers"] = files
    rows = db_query(svc, "SELECT count(*) FROM articles_image WHERE title LIKE 'drill-%'")[0][0]
    empty = sum(1 for _, size in files if size == 0)
    note = f"uploads {fmt_counts(uploads)}; image rows stored: {rows}; files left behind: {len(files)}"
    return time.monotonic(), f"{note} ({empty} empty, {len(files) - empty} not empty; listed below)"


def run_phase(name, fault, svc, ctx):
    print(f"[drill] phase {name} ...", file=sys.stderr, flush=True)
    with Load(ctx) as load:
        time.sleep(1)
        if fault is None:
            time.sleep(ctx["seconds"])
            recovery, note = "—", ""
        else:
            fault_end, note = fault(svc, ctx)
            recovery = seconds_to_home_200(ctx, fault_end)
            time.sleep(1)
    return {
        "phase": name,
        "statuses": load.statuses,
        "pages": load.pages,
        "comments": load.comments,
        "recovery": recovery,
        "note": note,
    }


def fmt_counts(counter):
    return " ".join(f"{k}×{counter[k]}" for k in sorted(counter, key=lambda k: (isinstance(k, str), str(k)))) or "—"


def table(results, stored):
    lines = [
        "| phase | requests | status counts | page reads (GET) by X-Page-Cache | comments posted | acked | refused "
        "| stored | acked but not stored | stored but not acked | recovery (s) | notes |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        outcome = {token: answer[1] for token, answer in r["comments"].items()}
        acked = {token for token, seen in outcome.items() if seen == "acked"}
        refused = collections.Counter(r["comments"][t][0] for t, seen in outcome.items() if seen == "refused")
        kept = {token for token in outcome if token in stored}
        counts = f"{sum(r['statuses'].values())} | {fmt_counts(r['statuses'])} | {fmt_counts(r['pages'])}"
        refusals = f"{sum(refused.values())}" + (f" ({fmt_counts(refused)})" if refused else "")
        comments = (
            f"{len(outcome)} | {len(acked)} | {refusals} | {len(kept)} | {len(acked - kept)} | {len(kept - acked)}"
        )
        lines.append(f"| {r['phase']} | {counts} | {comments} | {r['recovery']} | {r['note']} |")
    return "\n".join(lines)


def prepare(svc, ctx):
    """Migrate and seed the demo, make the admin user, and find a story and its section."""
    for step in ("migrate --noinput", "seed_demo", "collectstatic --noinput"):
        print(f"[drill] manage.py {step}", file=sys.stderr, flush=True)
        svc.manage(step)
    snippet = f"""import json
from django.contrib.auth import get_user_model
from articles.models import Article
get_user_model().objects.create_superuser("drill", "drill@example.com", {ADMIN_PASSWORD!r})
a = Article.objects.published().filter(comments_enabled=True).order_by("-publish_at").first()
print("DRILL" + json.dumps({{"article_id": a.pk, "story": a.get_absolute_url(),
                             "section": a.section.get_absolute_url()}}))"""
    out = svc.manage(f"shell -c {shlex.quote(snippet)}").stdout
    ctx.update(json.loads(out.split("DRILL", 1)[1]))


def drill(svc, ctx):
    svc.start_pg()
    run(f"{PG_BIN}/createdb -h 127.0.0.1 -p {svc.pg_port} -U postgres drill")
    svc.start_redis()
    prepare(svc, ctx)
    svc.start_web()
    phases = {
        "baseline": None,
        "postgres-stopped": fault_postgres_stopped,
        "redis-killed": fault_redis_killed,
        "redis-frozen": fault_redis_frozen,
        "media-disk-full": fault_disk_full,
    }
    results = [run_phase(name, fault, svc, ctx) for name, fault in phases.items()]
    time.sleep(1)  # let the last writes land before counting
    rows = db_query(svc, "SELECT body FROM comments_comment WHERE body LIKE '%drilltok%'")
    report = table(results, {token for (body,) in rows for token in BODY_TOKEN.findall(body)})
    if ctx.get("leftovers"):
        listing = "\n".join(f"- {name}: {size} B" for name, size in ctx["leftovers"])
        report += f"\n\nLeft under MEDIA_ROOT on the full disk:\n{listing}"
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-base", type=int, default=25432, help="PostgreSQL here, Redis +1, gunicorn +2")
    parser.add_argument("--seconds", type=int, default=10, help="length of each fault and of the baseline")
    parser.add_argument("--timeout", type=int, default=10, help="client timeout per request, in seconds")
    args = parser.parse_args()
    ports = (args.port_base, args.port_base + 1, args.port_base + 2)
    if PG_BIN is None or not shutil.which("redis-server"):
        sys.exit("drill: needs /usr/lib/postgresql/*/bin (initdb, pg_ctl) and redis-server")
    if busy := [port for port in ports if not port_free(port)]:
        sys.exit(f"drill: ports {busy} are in use; choose another --port-base")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so that `finally` cleans up
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-drill-"))
    svc = Services(tmp, ports)
    ctx = {"port": svc.web_port, "seconds": args.seconds, "timeout": args.timeout}
    results_dir, stamp = ROOT / "bench" / "results", time.strftime("%Y%m%d-%H%M%S")
    try:
        report = drill(svc, ctx)
        print(report)
        results_dir.mkdir(parents=True, exist_ok=True)
        (results_dir / f"drill-{stamp}.md").write_text(f"# Fault drill {stamp}\n\n{report}\n")
    except subprocess.CalledProcessError as error:
        sys.exit(f"drill: `{shlex.join(map(str, error.cmd))}` failed:\n{error.stdout}\n{error.stderr}")
    finally:
        svc.stop()
        if (tmp / "gunicorn.log").exists():
            results_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp / "gunicorn.log", results_dir / f"drill-{stamp}-gunicorn.log")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
