"""Hostile-input sweep of every URL pattern, against the production set-up. One command:

    .venv/bin/python bench/hostile_sweep.py [--port 8731] [--redis-db 7] [--only REGEX] [--strings FILE] [--no-big]

It creates a scratch database `sweep_<hex>` on the system PostgreSQL (127.0.0.1:5432, user postgres),
uses an empty Redis db (127.0.0.1:6379/--redis-db), migrates, collects static files, seeds the demo
(`seed_demo`), makes a superuser with `manage.py shell`, and serves the site with gunicorn
(deploy/gunicorn.conf.py, 3 workers, DJANGO_DEBUG=0; login lockout and sign-up limits raised so that the
sweep itself is not locked out). It walks newsroom.urls recursively (admin included) and sends each
pattern, filled with real values from the database and with hostile ones (overlong, %00, %ff, ..%2f, RTL
override, emoji, SQL-ish, huge and negative numbers, the naughty strings of testdata/blns.json): GETs
with hostile query strings (every parameter the site reads) and odd headers, and POSTs in odd charsets,
broken multipart, JSON, invalid UTF-8, 1 MB and 20 MB, repeated fields, odd Referer/Origin -- anonymous
without and with a CSRF token (from /csrf/), and as a staff user logged in through /admin/login/.
Delete, logout and password addresses run last, each with a session of its own. Any 5xx, timeout or
dropped connection is a failure, listed with its request and the traceback gunicorn's log holds for its
X-Request-ID. The table goes to stdout and to bench/results/hostile-sweep-<stamp>.md (tracebacks in it;
gunicorn's log and one line per request beside it). Everything it made is removed at the end (database
dropped, Redis db flushed, media dir deleted). About ten minutes on two cores (~38,000 requests).
"""

import argparse
import collections
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle
from pathlib import Path
from urllib.parse import quote, urlencode

from drill import ADMIN_PASSWORD, admin_cookies
from drill_clients import csrf_pair
from drill_services import APP_ENV, BIN, ROOT, port_free, run, wait_until
from hostile_requests import FORM, HOSTILE, ODD_HEADERS, PARAMS, POST_HEADERS, RAW_FORM, bodies, send

Failure = collections.namedtuple("Failure", "pattern who status rid method target headers body size")
LOG = []  # one line per request, written beside the report


def walk(resolver, prefix="", label=""):
    """(label, regex) of every endpoint, through includes and namespaces (the admin's too)."""
    from django.urls import URLResolver

    for p in resolver.url_patterns:
        regex, text = prefix + p.pattern.regex.pattern.lstrip("^"), label + str(p.pattern)
        yield from walk(p, regex, text) if isinstance(p, URLResolver) else [(text, regex)]


def gather(env):
    """Django in this process on the sweep database: the patterns, and real values to fill them."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    import django

    django.setup()
    from datetime import timedelta

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.urls import get_resolver
    from django.utils import timezone
    from django.utils.regex_helper import normalize

    from articles.models import Article, Author, Image, Section, Tag
    from comments.models import Comment
    from comments.notifications import unsubscribe_token as comment_token
    from editorial.models import DraftLink, Revision
    from editorial.sharing import draft_link_token
    from live.models import LiveCoverage, LiveUpdate
    from newsletter.models import Subscriber
    from newsletter.tokens import confirm_token, unsubscribe_token
    from pages.models import Page

    story = (
        Article.objects.published().filter(comments_enabled=True, comment_count__gt=0).order_by("-publish_at").first()
    )
    year, month, day, slug = story.get_absolute_url().strip("/").split("/")
    draft = Article.objects.exclude(pk__in=Article.objects.published()).first() or story
    # Two shared-draft links: one for the admin's revoke address (which revokes it), one for /shared/<token>/.
    link, shared = (
        DraftLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(days=1), note=n)
        for n in ("for the revoke address", "for the shared page")
    )
    coverage, sub, image = LiveCoverage.objects.first(), Subscriber.objects.first(), Image.objects.first()
    comment = Comment.objects.filter(article=story).first()
    pks = {
        f"{m._meta.app_label}/{m._meta.model_name}": m._default_manager.order_by("pk")
        .values_list("pk", flat=True)
        .first()
        for m in apps.get_models()
    }
    pks["auth/user"] = get_user_model().objects.get(username="sweep-victim").pk
    enc = lambda v: quote(str(v), safe="")  # noqa: E731
    real = {"year": year, "month": month, "day": day, "slug": slug, "page": "2", "number": "2", "kind": "atom"}
    real |= {"article_id": story.pk, "pk": draft.pk, "link": link.pk, "url": "nothing-here/", "action": "approve"}
    real |= {"update_id": getattr(LiveUpdate.objects.first(), "pk", 1), "id": pks["auth/user"], "object_id": story.pk}
    real |= {"rev": getattr(Revision.objects.order_by("-pk").first(), "pk", 1), "app_label": "articles"}
    real |= {"section": enc(Section.objects.exclude(slug="news").first().slug), "media": image.file.name}
    real |= {"prefix": f"section/{enc(Section.objects.first().slug)}", "wp": "2024/05/harbour-300x200.jpg"}
    real |= {"content_type_id": ContentType.objects.get_for_model(Article).pk}
    real["page_path"] = (Page.objects.filter(parent__isnull=False).first() or Page.objects.first()).path.strip("/")
    slugs = {"section/": Section.objects.first().slug, "tag/": Tag.objects.first().slug}
    slugs["author/"] = Author.objects.first().slug
    tokens = {"comments/unsubscribe": comment_token("reader@example.com"), "shared": draft_link_token(shared)}
    tokens |= {"newsletter/confirm": confirm_token(sub), "newsletter/unsubscribe": unsubscribe_token(sub)}
    patterns = []
    for label, regex in walk(get_resolver()):
        fmt, params = normalize(regex)[0]
        values = {}
        for name in params:
            value = real.get(name, "1")
            if name == "slug":
                value = next((enc(s) for k, s in slugs.items() if k in label), slug)
            elif name == "token":
                value = next((t for k, t in tokens.items() if label.startswith(k)), "x")
            elif name == "path":
                value = (
                    real["media"] if "media" in label else real["wp"] if "wp-content" in label else real["page_path"]
                )
            elif name == "article_id" and label.startswith("live/"):
                value = coverage.article_id
            elif name == "update_id" and label.startswith("live/"):
                value = getattr(LiveUpdate.objects.filter(coverage=coverage).first(), "pk", 1)
            elif name == "pk" and label.startswith("comments/"):
                value = comment.pk
            elif name in ("pk", "object_id") and (m := re.match(r"admin/(\w+/\w+)/", label)):
                value = pks.get(m[1]) or 1
                value = (
                    comment.pk if m[1] == "comments/comment" else coverage.pk if m[1] == "live/livecoverage" else value
                )
            values[name] = str(value)
        patterns.append({"label": label or "(home)", "fmt": fmt, "real": values})
    from django.db import connections

    connections.close_all()
    return patterns


def fill(pattern, **override):
    return "/" + pattern["fmt"] % (pattern["real"] | override)


def plan(pattern, strings, sessions, big):
    """Every request for one pattern: (who, method, target, headers, body label, body)."""
    admin, real = pattern["label"].startswith("admin/"), fill(pattern)
    main = "staff" if admin else "anon"
    out = [("anon", "GET", real, [], "", b""), ("staff", "GET", real, [], "", b"")]
    for name in pattern["real"]:
        for value in HOSTILE + strings:
            out.append((main, "GET", fill(pattern, **{name: value}), [], "", b""))
            out.append(
                ("csrf" if not admin else "staff", "POST", fill(pattern, **{name: value}), [], "form utf-8", None)
            )
    values = cycle(HOSTILE + strings)
    out += [(main, "GET", f"{real}?{p}={next(values)}", [], "", b"") for p in PARAMS]
    out += [(main, "GET", f"{real}?" + "&".join(f"{p}={v}" for p in PARAMS), [], "", b"") for v in HOSTILE[1:24]]
    out += [(main, "GET", real, headers, "", b"") for headers in ODD_HEADERS]
    for who in ("anon", "csrf", "staff"):
        for label, ctype, body in bodies(sessions[who][1], big and who == ("staff" if admin else "csrf")):
            if who == "anon" and label not in ("form utf-8", "multipart", "json", "form 20 MB"):
                continue
            out.append((who, "POST", real, [("Content-Type", ctype)], label, body))
    out += [(who, "POST", real, h, "", None) for who in ("csrf", "staff") for h in POST_HEADERS]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in [b"body=x&", b"kind=happy"]) + b"0\r\n\r\n"
    out.append(("csrf", "POST", real, [("Content-Type", FORM), ("Transfer-Encoding", "chunked")], "chunked", chunked))
    return out


def sweep(pattern, port, strings, sessions, big):
    counts, failures = collections.Counter(), []
    if pattern.get("own_login"):  # delete, logout, password: a staff session of its own, which it may end
        sessions = dict(sessions, staff=staff_session(port))
    for who, method, target, headers, label, body in plan(pattern, strings, sessions, big):
        cookie, token = sessions[who]
        headers = list(headers)
        if cookie and not any(k == "Cookie" for k, _ in headers):
            headers.append(("Cookie", cookie))
        if token and method == "POST":
            headers.append(("X-CSRFToken", token))
        if body is None:  # a plain form POST to a hostile fill
            label, body = (
                "form utf-8",
                urlencode(RAW_FORM + ([("csrfmiddlewaretoken", token)] if token else [])).encode(),
            )
            headers.append(("Content-Type", FORM))
        status, rid = send(port, method, target, headers, body, length=label != "chunked")
        counts[f"{status // 100}xx" if isinstance(status, int) else "5xx"] += 1
        LOG.append(
            f"{status}\t{rid}\t{who}\t{method}\t{target[:200]}\t{label}\t{len(body)}\t{headers[0] if headers else ''}"
        )
        if not isinstance(status, int) or status >= 500:
            failures.append(Failure(pattern["label"], who, status, rid, method, target, headers, label, len(body)))
    return pattern["label"], counts, failures


def staff_session(port):
    cookie = admin_cookies(port)
    return cookie, re.search(r"csrftoken=([^;]+)", cookie)[1]


def tracebacks(log_path):
    """request id -> (exception line, deepest project frame) from the JSON error lines in gunicorn's log."""
    found, other = {}, []
    for line in log_path.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            if re.search(r"\[(ERROR|CRITICAL)\]", line):
                other.append(line)
            continue
        if isinstance(record, dict) and record.get("exc_info"):
            tb = record["exc_info"].splitlines()
            frames = [t.strip() for t in tb if t.strip().startswith("File ") and ".venv" not in t]
            found[record.get("request_id")] = (tb[-1], frames[-1] if frames else "", record["exc_info"])
    return found, other


def report(results, failures, tbs, other, seconds, port):
    lines = ["| pattern | requests | 2xx | 3xx | 4xx | 5xx |", "|---|---|---|---|---|---|"]
    total = collections.Counter()
    for label, counts in results:
        total += counts
        row = [counts[k] for k in ("2xx", "3xx", "4xx", "5xx")]
        lines.append(f"| `{label.replace('|', '¦')}` | {sum(counts.values())} | " + " | ".join(map(str, row)) + " |")
    lines.append(
        f"| **total ({len(results)} patterns)** | {sum(total.values())} | "
        + " | ".join(str(total[k]) for k in ("2xx", "3xx", "4xx", "5xx"))
        + " |"
    )
    lines += ["", f"Run time: {seconds:.0f} s. Failures (5xx, timeouts, dropped connections): {len(failures)}", ""]
    for f in failures:
        head = " ".join(f"-H {json.dumps(f'{k}: {v}'[:200], ensure_ascii=False)}" for k, v in f.headers)
        lines.append(
            f"- **{f.status}** `{f.pattern}` as {f.who}: `curl -X {f.method} 'http://127.0.0.1:{port}{f.target[:300]}' "
            f"{head}` body: {f.body or 'none'} ({f.size} B), request id {f.rid}"
        )
        if f.rid in tbs:
            lines.append(f"  - {tbs[f.rid][0]} at {tbs[f.rid][1]}")
    if other:
        lines += ["", f"gunicorn errors without a request id ({len(other)}):"] + [f"- {o[:300]}" for o in other[:20]]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--redis-db", type=int, default=7)
    parser.add_argument("--only", default="", help="sweep only patterns matching this regex")
    parser.add_argument("--strings", default=str(ROOT / "testdata" / "blns.json"), help="naughty strings (JSON list)")
    parser.add_argument("--blns-per-pattern", type=int, default=6)
    parser.add_argument("--no-big", action="store_true", help="skip the 20 MB multipart uploads")
    args = parser.parse_args()
    import psycopg
    import redis

    if not port_free(args.port):
        sys.exit(f"sweep: port {args.port} is in use")
    rdb = redis.Redis(host="127.0.0.1", port=6379, db=args.redis_db)
    if rdb.dbsize():
        sys.exit(f"sweep: Redis db {args.redis_db} is not empty; choose another --redis-db")
    blns = [quote(s, safe="") for s in json.loads(Path(args.strings).read_text()) if s.strip()][:1000]
    dbname, tmp = f"sweep_{secrets.token_hex(4)}", Path(tempfile.mkdtemp(prefix="sweep-"))
    stamp, port = time.strftime("%Y%m%d-%H%M%S"), args.port
    env = dict(os.environ, **dict(pair.split("=", 1) for pair in APP_ENV.split()))
    env |= dict(  # production settings, on the scratch database and Redis db, behind a (pretend) local proxy
        pair.split("=", 1)
        for pair in f"""DATABASE_URL=postgres://postgres@127.0.0.1:5432/{dbname} DJANGO_BEHIND_PROXY=1
        REDIS_URL=redis://127.0.0.1:6379/{args.redis_db} DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}
        SITE_URL=http://127.0.0.1:{port} MEDIA_ROOT={tmp / "media"} DJANGO_TRUSTED_PROXIES=127.0.0.1
        LOGIN_FAILURE_LIMIT=1000000 NEWSLETTER_SIGNUPS_PER_HOUR=1000000 GUNICORN_BIND=127.0.0.1:{port}
        GUNICORN_WORKERS=3""".split()
    )
    admin_db = psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True)
    admin_db.execute(f"CREATE DATABASE {dbname}")
    web, results_dir = None, ROOT / "bench" / "results"
    try:
        manage = lambda a: run(f"{BIN}/python manage.py {a}", timeout=600, cwd=ROOT, env=env)  # noqa: E731
        for step in ("migrate --noinput", "collectstatic --noinput", "seed_demo"):
            print(f"[sweep] manage.py {step}", file=sys.stderr, flush=True)
            manage(step)
        manage(
            "shell -c "
            + shlex.quote(  # the superuser the admin login uses, and a user to delete
                "from django.contrib.auth import get_user_model as g; U = g(); "
                f"U.objects.create_superuser('drill', 'drill@example.com', '{ADMIN_PASSWORD}'); "
                "U.objects.create_user('sweep-victim', 'victim@example.com', 'x')"
            )
        )
        patterns = [p for p in gather(env) if re.search(args.only, p["label"])]
        for p in patterns:
            p["own_login"] = bool(re.search(r"delete/|logout/|password", p["label"]))
        log = open(tmp / "gunicorn.log", "a")  # noqa: SIM115 (the server's, closed with the process)
        command = [str(BIN / "gunicorn"), "newsroom.wsgi", "-c", "deploy/gunicorn.conf.py"]
        web = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        wait_until(lambda: not port_free(args.port), 30, "gunicorn")
        sessions = {"anon": ("", ""), "staff": staff_session(args.port)}
        cookie, token = csrf_pair(args.port)
        sessions["csrf"] = (f"csrftoken={cookie}", token)
        print(f"[sweep] {len(patterns)} patterns; gunicorn log {tmp / 'gunicorn.log'}", file=sys.stderr, flush=True)
        started, results, failures = time.monotonic(), {}, []

        def one(i_p):
            i, p = i_p
            k = (i * args.blns_per_pattern) % max(1, len(blns))
            label, counts, fails = sweep(
                p, args.port, (blns * 2)[k : k + args.blns_per_pattern], sessions, not args.no_big
            )
            print(f"[sweep] {label}: {dict(counts)}", file=sys.stderr, flush=True)
            return label, counts, fails

        ordered = list(enumerate(patterns))
        with ThreadPoolExecutor(6) as pool:  # destructive patterns (delete, logout) after all the others
            for label, counts, fails in pool.map(one, [x for x in ordered if not x[1]["own_login"]]):
                results[label], failures = counts, failures + fails
        for label, counts, fails in map(one, [x for x in ordered if x[1]["own_login"]]):
            results[label], failures = counts, failures + fails
        seconds = time.monotonic() - started
        time.sleep(1)
        tbs, other = tracebacks(tmp / "gunicorn.log")
        text = report([(p["label"], results[p["label"]]) for p in patterns], failures, tbs, other, seconds, args.port)
        print(text)
        results_dir.mkdir(parents=True, exist_ok=True)
        out = results_dir / f"hostile-sweep-{stamp}.md"
        full = "\n\n".join(f"### {f.rid}\n```\n{tbs[f.rid][2]}\n```" for f in failures if f.rid in tbs)
        out.write_text(
            f"# Hostile sweep {stamp}\n\nCommand: {' '.join(sys.argv)}\n\n{text}\n\n## Tracebacks\n\n{full}\n"
        )
        (results_dir / f"hostile-sweep-{stamp}-requests.tsv").write_text("\n".join(LOG) + "\n")
        print(f"\n[sweep] written to {out} (every request: {out.stem}-requests.tsv)", file=sys.stderr)
    except subprocess.CalledProcessError as error:
        sys.exit(f"sweep: `{shlex.join(map(str, error.cmd))}` failed:\n{error.stdout}\n{error.stderr}")
    finally:
        if web and web.poll() is None:
            web.terminate()
            web.wait(30)
        if (tmp / "gunicorn.log").exists():
            results_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp / "gunicorn.log", results_dir / f"hostile-sweep-{stamp}-gunicorn.log")
        admin_db.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        admin_db.close()
        rdb.flushdb()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
