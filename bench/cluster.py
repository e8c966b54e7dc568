"""Several app servers: two gunicorn servers behind nginx (round-robin), one PostgreSQL, one Redis,
one S3-compatible object store (moto's server) and one task worker, all on loopback. Run by hand,
as root, through `bash bench/cluster.sh` (which installs what is missing), or:

    .venv/bin/python bench/cluster.py [--port-base 27432] [--seconds 8]

PostgreSQL on port-base, Redis +1, gunicorn A +2 and B +3, nginx +4, the object store +5; all
private to the run (a temp dir), the system PostgreSQL and Redis never touched. Readers are told
apart by X-Forwarded-For, which nginx passes on and the app trusts from nginx alone
(DJANGO_TRUSTED_PROXIES). It shows, and prints as a table (also written to
bench/results/cluster-<timestamp>.md):

- an image uploaded through A is stored in the bucket, its renditions made by the worker, and
  served where B's pages point;
- a comment held on B's cached page and approved through A makes B's next answer fresh;
- a session made on A works on B; flood control and the vote rate limit count across both;
- A killed (SIGKILL) in the middle of a comment load through nginx: every acknowledged comment
  is stored.

Everything it started is stopped and removed at the end. About a minute and a half.
"""

import argparse
import json
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from drill import CSRF_FIELD, admin_cookies, prepare, upload_image
from drill_clients import csrf_pair, fetch
from drill_services import BIN, PG_BIN, ROOT, Checks, Services, db_query, port_free, run, wait_until

NGINX = """worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
user root;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    client_max_body_size 25m;
    upstream newsroom {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://newsroom;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
TOKEN = re.compile(r"clustertok[0-9a-f]{12}")


class Cluster(Services):
    def __init__(self, tmp, base):
        super().__init__(tmp, (base, base + 1, base + 2))
        self.a_port, self.b_port, self.nginx_port, self.s3_port = base + 2, base + 3, base + 4, base + 5
        self.procs = {}
        self.bucket = "newsroom-cluster"
        self.env.update(
            TASKS_BACKEND="database",
            DJANGO_TRUSTED_PROXIES="127.0.0.1",
            MEDIA_S3_BUCKET=self.bucket,
            MEDIA_S3_ENDPOINT_URL=f"http://127.0.0.1:{self.s3_port}",
            MEDIA_S3_ACCESS_KEY_ID="cluster",
            MEDIA_S3_SECRET_ACCESS_KEY="cluster-secret",
            COMMENTS_FLOOD_SECONDS="60",
            COMMENTS_HOLD_FIRST_TIMERS="1",
            ENGAGEMENT_VOTES_PER_MINUTE="5",
            TASK_WORKER_BEAT_SECONDS="1",
        )

    def spawn(self, name, command, ready_port=None):
        with open(self.tmp / f"{name}.log", "a") as log:
            self.procs[name] = subprocess.Popen(shlex.split(command), cwd=ROOT, env=self.env, stdout=log, stderr=log)
        if ready_port:
            wait_until(lambda: not port_free(ready_port), 30, name)

    def start_object_store(self):
        self.spawn("s3", f"{BIN}/python -m moto.server -H 127.0.0.1 -p {self.s3_port}", self.s3_port)
        self.s3().create_bucket(Bucket=self.bucket)
        # As README asks: the public reads the bucket (media addresses are plain and lasting).
        statement = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{self.bucket}/*",
        }
        self.s3().put_bucket_policy(
            Bucket=self.bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]})
        )

    def s3(self):
        import boto3

        keys = {"aws_access_key_id": "cluster", "aws_secret_access_key": "cluster-secret"}
        return boto3.client("s3", endpoint_url=f"http://127.0.0.1:{self.s3_port}", region_name="us-east-1", **keys)

    def start_app(self, name, port):
        command = f"{BIN}/gunicorn newsroom.wsgi --bind 127.0.0.1:{port} --workers 2 --timeout 30"
        self.spawn(name, command, port)

    def start_nginx(self):
        conf = self.tmp / "nginx.conf"
        conf.write_text(NGINX.format(tmp=self.tmp, a=self.a_port, b=self.b_port, port=self.nginx_port))
        self.spawn("nginx", f"nginx -c {conf} -p {self.tmp} -g 'daemon off;'", self.nginx_port)

    def stop(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        super().stop()


def reader(ip, cookie=""):
    headers = {"X-Forwarded-For": ip}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def post_comment(port, ctx, ip, text, accept="text/html"):
    """A new reader (at `ip`) loads the story and comments; (status, cookies, body)."""
    status, _cookies, _html = fetch(port, "GET", ctx["story"], headers=reader(ip))
    csrf = csrf_pair(port, reader(ip))  # as the page's script does
    if status != 200 or not csrf:
        return f"form-{status}", {}, ""
    body = "&".join(
        f"{key}={value}"
        for key, value in {
            "name": "Cluster",
            "email": f"reader-{secrets.token_hex(4)}@example.com",  # flood control by address alone
            "body": text.replace(" ", "+"),
            "csrfmiddlewaretoken": csrf[1],
        }.items()
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf[0]}",
        "Accept": accept,
        "X-Forwarded-For": ip,
    }
    return fetch(port, "POST", f"/comments/post/{ctx['article_id']}/", body, headers)


def upstream_of(port, path, headers):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, response.getheader("X-Upstream"), response.getheader("X-Page-Cache")


def check_media(svc, ctx, check):
    cookie = admin_cookies(svc.a_port)
    status = upload_image(svc.a_port, cookie, 1)
    (image_id, name), *_ = db_query(svc, "SELECT id, file FROM articles_image ORDER BY id DESC LIMIT 1")
    widths = lambda: db_query(svc, f"SELECT rendition_widths FROM articles_image WHERE id = {image_id}")[0][0]  # noqa: E731
    wait_until(widths, 60, "the worker's renditions")
    listing = svc.s3().list_objects_v2(Bucket=svc.bucket, Prefix=f"renditions/{name.rsplit('.', 1)[0]}")
    keys = {item["Key"] for item in listing.get("Contents", [])}
    stored = svc.s3().head_object(Bucket=svc.bucket, Key=name)["ContentLength"] > 0
    worker = db_query(
        svc,
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL' "
        f"AND task_path LIKE '%make_image_renditions' AND args_kwargs->'args' = '[{image_id}]'",
    )
    check(
        "an image uploaded through A lands in the bucket; the worker makes its renditions",
        status == 302 and stored and len(keys) == 2 * len(widths()) and worker,
        f"upload {status}; the picture and {len(keys)} renditions ({widths()} wide) in the bucket, "
        f"made by worker {worker[0][0] if worker else 'nobody'}",
    )
    status, _, html = fetch(svc.b_port, "GET", f"/admin/articles/image/{image_id}/change/", headers={"Cookie": cookie})
    urls = re.findall(rf'(?:src|href)="(http://127\.0\.0\.1:{svc.s3_port}/[^"]+)"', html)
    served = [fetch(svc.s3_port, "GET", url.split(str(svc.s3_port), 1)[1].replace("&amp;", "&"))[0] for url in urls]
    check(
        "B's pages point at it and it is served from there",
        status == 200 and urls and set(served) == {200},
        f"B answered {status}; {len(urls)} addresses on the page, fetched: {sorted(set(served))}",
    )
    return cookie


def check_cache_and_limits(svc, ctx, check, cookie):
    b_story = lambda: fetch(svc.b_port, "GET", ctx["story"])  # noqa: E731
    b_story()
    _, _, state = upstream_of(svc.b_port, ctx["story"], {})
    token = f"clustertok{secrets.token_hex(6)}"
    status, _, _ = post_comment(svc.a_port, ctx, "10.20.0.1", f"Approved on A {token}")
    (comment_id,) = db_query(svc, f"SELECT id FROM comments_comment WHERE body LIKE '%{token}%'")[0]
    held_hidden = token not in b_story()[2]
    page, cookies, html = fetch(svc.a_port, "GET", "/admin/comments/comment/", headers={"Cookie": cookie})
    csrf = CSRF_FIELD.search(html)[1]
    approve = f"/admin/comments/comment/{comment_id}/moderate/approve/"
    approved = fetch(
        svc.a_port,
        "POST",
        approve,
        f"csrfmiddlewaretoken={csrf}",
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    _, _, after = upstream_of(svc.b_port, ctx["story"], {})
    shown = token in b_story()[2]
    check(
        "a comment held, then approved through A, is on B's cached page at once",
        state == "hit" and status == 303 and held_hidden and approved[0] == 302 and after == "miss" and shown,
        f"B before: {state}; held comment hidden: {held_hidden}; approve on A: {approved[0]}; B after: {after}, shown: {shown}",
    )
    on_b = fetch(svc.b_port, "GET", "/admin/", headers={"Cookie": cookie})[0]
    check("a session made on A is signed in on B", on_b == 200, f"B's admin answered {on_b} to A's session")

    ip = "10.30.0.7"
    answers = []
    for n in range(2):
        status, _, _ = post_comment(
            svc.nginx_port, ctx, ip, f"Flood {n} clustertok{secrets.token_hex(6)}", "application/json"
        )
        answers.append(status)
    ups = {upstream_of(svc.nginx_port, "/healthz", {})[1] for _ in range(2)}
    check(
        "flood control holds across both (one reader comments on A, then at once on B)",
        answers == [200, 429] and len(ups) == 2,
        f"A answered {answers[0]}, B {answers[1]}; nginx sends requests in turn to {sorted(ups)}",
    )
    votes, jar = [], {}
    for n in range(10):
        port = (svc.a_port, svc.b_port)[n % 2]
        fetch(port, "GET", ctx["story"], headers=reader("10.40.0.9"))
        csrf = csrf_pair(port, reader("10.40.0.9")) or ["", ""]
        jar["csrftoken"] = csrf[0]
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        headers.update({"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "X-Forwarded-For": "10.40.0.9"})
        path = f"/engagement/{ctx['article_id']}/react/"
        kind = ("happy", "sad")[n % 2]  # one reader changing their mind
        status, cookies, _ = fetch(port, "POST", path, f"kind={kind}&csrfmiddlewaretoken={csrf[1]}", headers)
        votes.append(status)
        jar.update({k: v for k, v in cookies.items() if k == "reader"})
    check(
        "the vote rate limit (5 a minute) counts across both",
        votes.count(200) == 5 and votes.count(429) == 5,
        f"10 votes from one reader, A and B in turn: {votes.count(200)} taken, {votes.count(429)} refused (429)",
    )


def check_kill(svc, ctx, check, seconds):
    acknowledged, errors, halt = set(), [], threading.Event()
    lock = threading.Lock()

    def load(n):
        i = 0
        while not halt.is_set():
            i += 1
            token = f"clustertok{secrets.token_hex(6)}"
            ip = f"10.{50 + n}.{i // 250}.{i % 250 + 1}"
            status, _, _ = post_comment(svc.nginx_port, ctx, ip, f"Load {token}", "application/json")
            with lock:
                (acknowledged.add(token) if status == 200 else errors.append(status))

    threads = [threading.Thread(target=load, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 2)
    svc.procs["app-a"].send_signal(signal.SIGKILL)
    killed_at = len(acknowledged)
    time.sleep(seconds / 2)
    halt.set()
    for thread in threads:
        thread.join(15)
    rows = db_query(svc, "SELECT body FROM comments_comment WHERE body LIKE 'Load clustertok%'")
    stored = {token for (body,) in rows for token in TOKEN.findall(body)}
    lost = acknowledged - stored
    check(
        "A killed mid-load: no acknowledged comment is lost",
        acknowledged and not lost,
        f"{len(acknowledged)} acknowledged ({killed_at} before the kill), {len(lost)} of them missing; "
        f"{len(errors)} answered with an error ({sorted(set(map(str, errors)))}); "
        f"{len(stored - acknowledged)} stored without an acknowledgement",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--port-base", type=int, default=27432, help="below the ephemeral ports (32768+), so no client socket holds one"
    )
    parser.add_argument("--seconds", type=float, default=8, help="length of the comment load around the kill")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cluster-"))
    svc = Cluster(tmp, args.port_base)
    check = Checks("cluster")
    try:
        svc.start_pg()
        run(f"{PG_BIN}/createdb -h 127.0.0.1 -p {svc.pg_port} -U postgres drill")
        svc.start_redis()
        svc.start_object_store()
        ctx = {}
        prepare(svc, ctx)
        svc.start_app("app-a", svc.a_port)
        svc.start_app("app-b", svc.b_port)
        svc.spawn("worker", f"{BIN}/python manage.py run_worker --no-reload --interval 0.2")
        svc.start_nginx()
        cookie = check_media(svc, ctx, check)
        check_cache_and_limits(svc, ctx, check, cookie)
        check_kill(svc, ctx, check, args.seconds)
    finally:
        svc.stop()
        logs = {name: (tmp / f"{name}.log").read_text()[-2000:] for name in ("app-a", "app-b", "worker")}
        shutil.rmtree(tmp, ignore_errors=True)
    check.report("cluster")
    if not check.all_held:
        for name, text in logs.items():
            print(f"\n--- last lines of {name}.log ---\n{text}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
