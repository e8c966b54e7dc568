"""The fault drill's own services (bench/drill.py): a PostgreSQL cluster, Redis and gunicorn on
spare loopback ports, started, broken and stopped on purpose. The system ones are never touched."""

import glob
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_BIN = max(glob.glob("/usr/lib/postgresql/*/bin"), default=None)
AS_PG = "runuser -u postgres -- " if os.geteuid() == 0 else ""  # initdb refuses to run as root
APP_ENV = """DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING
             COMMENTS_FLOOD_SECONDS=0 COMMENTS_HOLD_FIRST_TIMERS=0 ENGAGEMENT_VOTES_PER_MINUTE=100000"""


def run(command, timeout=120, **kw):
    """Run a command given as one shell-like string; raise CalledProcessError if it fails."""
    return subprocess.run(shlex.split(command), check=True, capture_output=True, text=True, timeout=timeout, **kw)


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
    """The drill's own PostgreSQL, Redis and gunicorn, and the means to break them."""

    def __init__(self, tmp, ports):
        self.tmp, (self.pg_port, self.redis_port, self.web_port) = tmp, ports
        self.pgdata, self.media = tmp / "pgdata", tmp / "media"
        self.redis = self.web = None
        self.mounted = False
        self.env = dict(os.environ, **dict(pair.split("=", 1) for pair in APP_ENV.split()))
        self.env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pg_port}/drill",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            SITE_URL=f"http://127.0.0.1:{self.web_port}",
            MEDIA_ROOT=str(self.media),
        )

    def pg_ctl(self, args, check=True):
        command = f"{AS_PG}{PG_BIN}/pg_ctl -D {self.pgdata} -w -t 30 {args}"
        return run(command) if check else subprocess.run(shlex.split(command), capture_output=True, timeout=60)

    def start_pg(self):
        if not self.pgdata.exists():
            os.chmod(self.tmp, 0o755)
            self.pgdata.mkdir(mode=0o700)
            if AS_PG:
                shutil.chown(self.pgdata, "postgres", "postgres")
            run(f"{AS_PG}{PG_BIN}/initdb -D {self.pgdata} -U postgres --auth=trust -E UTF8")
        options = f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pgdata}"
        self.pg_ctl(f"start -l {self.pgdata}/server.log -o '{options}'")

    def start_redis(self):
        command = f"redis-server --port {self.redis_port} --bind 127.0.0.1 --save '' --appendonly no"
        command += " --daemonize no --enable-debug-command local"  # DEBUG SLEEP needs the last one (Redis 7)
        with open(self.tmp / "redis.log", "a") as log:  # the child keeps its own copy of the descriptor
            self.redis = subprocess.Popen(shlex.split(command), stdout=log, stderr=log)
        ping = ["redis-cli", "-p", str(self.redis_port), "PING"]
        wait_until(lambda: subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG", 10, "redis")

    def manage(self, args):
        return run(f"{BIN}/python manage.py {args}", timeout=300, cwd=ROOT, env=self.env)

    def start_web(self):
        command = f"{BIN}/gunicorn newsroom.wsgi --bind 127.0.0.1:{self.web_port} --workers 2 --timeout 30"
        with open(self.tmp / "gunicorn.log", "a") as log:
            self.web = subprocess.Popen(shlex.split(command), cwd=ROOT, env=self.env, stdout=log, stderr=log)
        wait_until(lambda: not port_free(self.web_port), 30, "gunicorn")

    def stop(self):
        """Stop everything the drill started, each step regardless of the others."""
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
            self.pg_ctl("stop -m fast", check=False)


def db_query(svc, sql):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=svc.pg_port, user="postgres", dbname="drill") as conn:
        return conn.execute(sql).fetchall()


class Checks:
    """What a drill saw: call it with (what, held, detail) for each check; `report(name)` prints
    the table and writes it to bench/results/<name>-<timestamp>.md with the command line."""

    def __init__(self, label):
        self.label, self.rows = label, []

    def __call__(self, what, ok, detail):
        self.rows.append((what, "yes" if ok else "**NO**", detail))
        print(f"[{self.label}] {what}: {'yes' if ok else 'NO'} ({detail})", file=sys.stderr, flush=True)

    @property
    def all_held(self):
        return all(held == "yes" for _, held, _ in self.rows)

    def report(self, name):
        table = "| check | holds | seen |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in self.rows)
        out = ROOT / "bench" / "results" / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text(f"Command: {shlex.join(sys.argv)}\n\n{table}\n")
        print(table)
