"""Fault drill: how the site behaves when PostgreSQL, Redis or the media disk fail.

    .venv/bin/python bench/drill.py [--port-base 55432] [--seconds 10] [--timeout 10]

Run by hand from the repository root, as root (it mounts a tmpfs; PostgreSQL runs as the
`postgres` user). Everything is on 127.0.0.1 and private to the drill: its own PostgreSQL
cluster (port-base), Redis (port-base+1) and gunicorn (port-base+2), in a temp dir. The
system PostgreSQL and Redis are never touched.

The demo is migrated and seeded, then a few client threads read pages, post comments and
vote throughout five phases: baseline; PostgreSQL stopped; Redis killed; Redis frozen
(DEBUG SLEEP); media disk full (a 64 KiB tmpfs over MEDIA_ROOT/images, with image uploads
through the admin). Each fault lasts --seconds. Per phase it prints requests, status counts,
comments acknowledged (303) vs actually stored (looked up by a unique token in the body),
stored ones that were answered with an error, and the seconds from the fault's end to the
first 200 on the home page. The table also goes to bench/results/drill-<timestamp>.md, with
gunicorn's log beside it. Everything is stopped and removed in the end, whatever happens.
"""

import argparse, collections, glob, http.client, io, json, os, re, secrets, shutil, signal
import socket, subprocess, sys, tempfile, threading, time, urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]) if glob.glob("/usr/lib/postgresql/*/bin") else None
AS_PG = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
BODY_TOKEN_RE = re.compile(r"drilltok[0-9a-f]{12}")
ADMIN_PASSWORD = "drill-" + secrets.token_hex(8)


# --- Processes -------------------------------------------------------------------------

def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=kw.pop("timeout", 120), **kw)


def port_free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds} s")


class Services:
    """The drill's own PostgreSQL, Redis and gunicorn, and how to break them."""

    def __init__(self, tmp, ports):
        self.tmp, (self.pg_port, self.redis_port, self.web_port) = tmp, ports
        self.pgdata, self.media = tmp / "pgdata", tmp / "media"
        self.redis = self.web = None
        self.mounted = False
        self.env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pg_port}/drill",
                        REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0", DJANGO_DEBUG="0",
                        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
                        DJANGO_SECURE_SSL_REDIRECT="0", SITE_URL=f"http://127.0.0.1:{self.web_port}",
                        MEDIA_ROOT=str(self.media), COMMENTS_FLOOD_SECONDS="0", COMMENTS_HOLD_FIRST_TIMERS="0",
                        ENGAGEMENT_VOTES_PER_MINUTE="100000", LOG_LEVEL="WARNING")

    def pg_ctl(self, *args):
        return run(AS_PG + [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-w", "-t", "30", *args])

    def start_pg(self):
        if not self.pgdata.exists():
            os.chmod(self.tmp, 0o755)
            self.pgdata.mkdir(mode=0o700)
            if AS_PG:
                shutil.chown(self.pgdata, "postgres", "postgres")
            run(AS_PG + [str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        opts = f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pgdata}"
        self.pg_ctl("start", "-l", str(self.pgdata / "server.log"), "-o", opts)

    def stop_pg(self, mode="fast"):
        self.pg_ctl("stop", "-m", mode)

    def start_redis(self):
        with open(self.tmp / "redis.log", "a") as log:  # the child keeps its own copy of the descriptor
            self.redis = subprocess.Popen(["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                           "--save", "", "--appendonly", "no", "--daemonize", "no",
                                           "--enable-debug-command", "local"], stdout=log, stderr=log)
        wait_until(lambda: self.redis_cli("PING").stdout.strip() == "PONG", 10, "redis")

    def redis_cli(self, *args):
        return subprocess.run(["redis-cli", "-p", str(self.redis_port), *args], capture_output=True, text=True)

    def kill_redis(self):
        self.redis.send_signal(signal.SIGKILL)
        self.redis.wait(10)

    def manage(self, *args):
        return run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=self.env, timeout=300)

    def start_web(self):
        with open(self.tmp / "gunicorn.log", "a") as log:
            self.web = subprocess.Popen([str(BIN / "gunicorn"), "newsroom.wsgi", "--bind",
                                         f"127.0.0.1:{self.web_port}", "--workers", "2", "--timeout", "30"],
                                        cwd=ROOT, env=self.env, stdout=log, stderr=log)
        wait_until(lambda: not port_free(self.web_port), 30, "gunicorn")

    def stop(self):
        """Stop everything the drill started; each step independent of the others."""
        for proc in (self.web, self.redis):
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.media / "images")], capture_output=True)
        if (self.pgdata / "postmaster.pid").exists():
            subprocess.run(AS_PG + [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "stop", "-m", "immediate"],
                           capture_output=True, timeout=60)


# --- HTTP --------------------------------------------------------------------------------

def fetch(port, method, path, body=None, headers=None, timeout=10):
    """One request on a fresh connection: (status or 'err'/'timeout', Set-Cookie dict, text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        cookies = dict(c.split(";")[0].split("=", 1) for c in resp.headers.get_all("Set-Cookie") or [])
        return resp.status, cookies, resp.read().decode("utf-8", "replace")
    except TimeoutError:
        return "timeout", {}, ""
    except (OSError, http.client.HTTPException):
        return "err", {}, ""
    finally:
        conn.close()


def form_post(port, path, fields, csrf, accept="text/html", timeout=10):
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf[0]}",
               "Accept": accept, "Referer": f"http://127.0.0.1:{port}/"}
    return fetch(port, "POST", path, urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": csrf[1]}), headers,
                timeout)


class Load:
    """Client threads for one phase: readers, a commenter, a voter. Bounded in time and count."""

    def __init__(self, ctx, phase):
        self.ctx, self.phase = ctx, phase
        self.statuses, self.comments = collections.Counter(), {}  # comments: token -> status
        self.lock, self.halt = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=t, daemon=True)
                        for t in (self.reader, self.reader, self.commenter, self.voter)]

    def hit(self, *args, **kw):
        result = fetch(self.ctx["port"], *args, timeout=self.ctx["timeout"], **kw)
        with self.lock:
            self.statuses[result[0]] += 1
        return result

    def loop(self, step):
        for _ in range(5000):
            if self.halt.is_set():
                return
            step()
            self.halt.wait(0.02)

    def reader(self):
        paths = [("GET", p) for p in ("/", self.ctx["story"], self.ctx["section"])]
        self.loop(lambda: [self.hit(*p) for p in paths])

    def fresh_csrf(self, csrf):
        status, cookies, html = self.hit("GET", self.ctx["story"])
        match = TOKEN_RE.search(html)
        if status == 200 and match and "csrftoken" in cookies:
            csrf[:] = [cookies["csrftoken"], match.group(1)]

    def commenter(self):
        csrf = ["", ""]

        def step():
            self.fresh_csrf(csrf)  # a failed page load keeps the last good token, as a browser tab would
            token = f"drilltok{secrets.token_hex(6)}"
            fields = {"name": "Drill", "email": "drill@example.com", "body": f"Fault drill comment {token}"}
            result = form_post(self.ctx["port"], f"/comments/post/{self.ctx['article_id']}/", fields, csrf,
                               timeout=self.ctx["timeout"])
            with self.lock:
                self.statuses[result[0]] += 1
                self.comments[token] = result[0]

        self.loop(step)

    def voter(self):
        csrf = ["", ""]

        def step():
            self.fresh_csrf(csrf)
            result = form_post(self.ctx["port"], f"/engagement/{self.ctx['article_id']}/react/", {"kind": "happy"},
                               csrf, accept="application/json", timeout=self.ctx["timeout"])
            with self.lock:
                self.statuses[result[0]] += 1

        self.loop(step)

    def __enter__(self):
        [t.start() for t in self.threads]
        return self

    def __exit__(self, *exc):
        self.halt.set()
        [t.join(self.ctx["timeout"] + 5) for t in self.threads]


def time_to_home_200(ctx, fault_end, limit=30):
    while time.monotonic() - fault_end < limit:
        if fetch(ctx["port"], "GET", "/", timeout=2)[0] == 200:
            return round(time.monotonic() - fault_end, 1)
        time.sleep(0.1)
    return f">{limit}"


# --- Faults: each runs while the load runs and returns the moment the fault ended ----------

def fault_pg(svc, ctx):
    svc.stop_pg("fast")
    time.sleep(ctx["seconds"])
    svc.start_pg()
    return time.monotonic(), ""


def fault_redis_kill(svc, ctx):
    svc.kill_redis()
    time.sleep(ctx["seconds"])
    svc.start_redis()
    return time.monotonic(), ""


def fault_redis_freeze(svc, ctx):
    sleeper = subprocess.Popen(["redis-cli", "-p", str(svc.redis_port), "DEBUG", "SLEEP", str(ctx["seconds"])],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = sleeper.communicate(timeout=ctx["seconds"] + 30)[0].strip()
    return time.monotonic(), "" if out == "OK" else f"DEBUG SLEEP answered {out!r}"


def noise_jpeg(kb=300):
    from PIL import Image
    side = int((kb * 1024 / 3) ** 0.5 * 1.1)
    buf = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def admin_session(port):
    status, cookies, html = fetch(port, "GET", "/admin/login/")
    csrf = [cookies.get("csrftoken", ""), (TOKEN_RE.search(html) or [None, ""])[1]]
    fields = {"username": "drill", "password": ADMIN_PASSWORD, "next": "/admin/"}
    status, cookies, _ = form_post(port, "/admin/login/?next=/admin/", fields, csrf)
    return {"sessionid": cookies.get("sessionid"), "csrftoken": cookies.get("csrftoken", csrf[0])}


def upload_image(port, jar, n):
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items() if v)
    status, _, html = fetch(port, "GET", "/admin/articles/image/add/", headers={"Cookie": cookie})
    match = TOKEN_RE.search(html)
    if status != 200 or not match:
        return f"form:{status}"
    boundary = "drill" + secrets.token_hex(8)
    parts = [(k, v) for k, v in {"csrfmiddlewaretoken": match.group(1), "alt_text": f"Drill noise {n}",
                                 "title": f"drill-{n}", "_save": "Save"}.items()]
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                    for k, v in parts)
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="drill-{n}.jpg"\r\n'
             f"Content-Type: image/jpeg\r\n\r\n").encode() + noise_jpeg() + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie,
               "Referer": f"http://127.0.0.1:{port}/admin/articles/image/add/"}
    status, _, html = fetch(port, "POST", "/admin/articles/image/add/", body, headers, timeout=30)
    return "200(form errors)" if status == 200 and "errornote" in html else status


def fault_disk_full(svc, ctx):
    images = svc.media / "images"
    images.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(images)],
                           capture_output=True, text=True)
    if mount.returncode != 0:
        time.sleep(ctx["seconds"])
        return time.monotonic(), f"mount failed ({mount.stderr.strip() or mount.returncode}): no disk fault"
    svc.mounted = True
    try:
        jar, uploads, deadline = admin_session(svc.web_port), collections.Counter(), time.monotonic() + ctx["seconds"]
        for n in range(20):
            if time.monotonic() > deadline:
                break
            uploads[upload_image(svc.web_port, jar, n)] += 1
        time.sleep(max(0, deadline - time.monotonic()))
        files = [(str(p.relative_to(svc.media)), p.stat().st_size) for p in images.rglob("*") if p.is_file()]
    finally:
        subprocess.run(["umount", str(images)], capture_output=True)
        svc.mounted = False
    left = ", ".join(f"{name} ({size} B)" for name, size in files) or "none"
    return time.monotonic(), f"uploads: {fmt_counts(uploads)}; files left on the full disk: {left}"


# --- Phases and report -----------------------------------------------------------------

def fmt_counts(counter):
    order = sorted(counter, key=lambda k: (isinstance(k, str), str(k)))
    return " ".join(f"{k}×{counter[k]}" for k in order) or "—"


def run_phase(name, fault, svc, ctx):
    print(f"[drill] phase {name} ...", file=sys.stderr, flush=True)
    with Load(ctx, name) as load:
        time.sleep(1)
        if fault is None:
            time.sleep(ctx["seconds"])
            recovery, note = "—", ""
        else:
            fault_end, note = fault(svc, ctx)
            recovery = time_to_home_200(ctx, fault_end)
            time.sleep(1)
    return {"phase": name, "statuses": load.statuses, "comments": load.comments, "recovery": recovery, "note": note}


def stored_tokens(svc):
    import psycopg
    with psycopg.connect(host="127.0.0.1", port=svc.pg_port, user="postgres", dbname="drill") as conn:
        rows = conn.execute("SELECT body FROM comments_comment WHERE body LIKE %s", ["%drilltok%"]).fetchall()
    return {m for (body,) in rows for m in BODY_TOKEN_RE.findall(body)}


def table(results, stored):
    lines = ["| phase | requests | status counts | comments acked | comments stored | stored but answered with error "
             "| recovery (s) | notes |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        acked = sum(1 for s in r["comments"].values() if s == 303)
        kept = [t for t in r["comments"] if t in stored]
        bad = sum(1 for t in kept if r["comments"][t] != 303)
        lines.append(f"| {r['phase']} | {sum(r['statuses'].values())} | {fmt_counts(r['statuses'])} | {acked} "
                     f"| {len(kept)} | {bad} | {r['recovery']} | {r['note']} |")
    return "\n".join(lines)


def prepare(svc, ctx):
    for step in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        print(f"[drill] manage.py {' '.join(step)}", file=sys.stderr, flush=True)
        svc.manage(*step)
    snippet = (
        "import json\nfrom articles.models import Article, Section\nfrom django.contrib.auth import get_user_model\n"
        "U = get_user_model()\nU.objects.filter(username='drill').exists() or "
        f"U.objects.create_superuser('drill', 'drill@example.com', {ADMIN_PASSWORD!r})\n"
        "a = Article.objects.published().filter(comments_enabled=True).order_by('-publish_at').first()\n"
        "print('DRILL' + json.dumps({'article_id': a.pk, 'story': a.get_absolute_url(),"
        " 'section': Section.objects.filter(pk=a.section_id).first().get_absolute_url()}))"
    )
    out = svc.manage("shell", "-c", snippet).stdout
    ctx.update(json.loads(out.split("DRILL", 1)[1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-base", type=int, default=55432, help="PostgreSQL here, Redis +1, gunicorn +2")
    parser.add_argument("--seconds", type=int, default=10, help="length of each fault (and of the baseline)")
    parser.add_argument("--timeout", type=int, default=10, help="client timeout per request, seconds")
    args = parser.parse_args()
    ports = (args.port_base, args.port_base + 1, args.port_base + 2)
    if PG_BIN is None or not shutil.which("redis-server"):
        sys.exit("drill: needs /usr/lib/postgresql/*/bin and redis-server")
    if busy := [p for p in ports if not port_free(p)]:
        sys.exit(f"drill: ports in use: {busy}; choose another --port-base")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-drill-"))
    svc = Services(tmp, ports)
    ctx = {"port": svc.web_port, "seconds": args.seconds, "timeout": args.timeout}
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results_dir = ROOT / "bench" / "results"
    try:
        svc.start_pg()
        run(AS_PG + [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(svc.pg_port), "-U", "postgres", "drill"])
        svc.start_redis()
        prepare(svc, ctx)
        svc.start_web()
        phases = [("baseline", None), ("postgres-stopped", fault_pg), ("redis-killed", fault_redis_kill),
                  ("redis-frozen", fault_redis_freeze), ("media-disk-full", fault_disk_full)]
        results = [run_phase(name, fault, svc, ctx) for name, fault in phases]
        time.sleep(1)  # let the last in-flight writes land before counting
        report = table(results, stored_tokens(svc))
        print(report)
        results_dir.mkdir(parents=True, exist_ok=True)
        (results_dir / f"drill-{stamp}.md").write_text(f"# Fault drill {stamp}\n\n{report}\n")
    except subprocess.CalledProcessError as error:
        sys.exit(f"drill: {' '.join(map(str, error.cmd))} failed:\n{error.stdout}\n{error.stderr}")
    finally:
        svc.stop()
        if (tmp / "gunicorn.log").exists():
            results_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp / "gunicorn.log", results_dir / f"drill-{stamp}-gunicorn.log")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
