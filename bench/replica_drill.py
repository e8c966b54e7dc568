"""Read-replica drill: public page reads go to a PostgreSQL streaming replica, writes and a reader's
next reads after a write to the primary. Run by hand, as root (initdb runs as postgres):

    .venv/bin/python bench/replica_drill.py [--port-base 26432]

All on 127.0.0.1 and private to the drill (a temp dir): a primary on port-base, a streaming replica
made from it with pg_basebackup on port-base+3, gunicorn (2 workers, debug off) on port-base+2 with
DATABASE_URL on the primary and DATABASE_REPLICA_URL on the replica. The system PostgreSQL is never
touched. It checks, and prints as a table (also written to bench/results/replica-<timestamp>.md):
/readyz sees both; 40 story reads land on the replica, not the primary; with the replica's replay
paused (a lagging replica), a reader who has just commented sees their comment (primary), and so
does everyone for DATABASE_REPLICA_LAG_SECONDS after the change (no page is cached from the stale
replica); after that window reads return to the replica; after replay resumes everyone sees it
there; the admin reads the primary; with the replica stopped, readers are served by the primary
and /readyz stays 200. Redis on port-base+1. Everything it started is stopped and removed at the
end. About a minute.
"""

import argparse
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drill import CSRF_FIELD, admin_cookies, prepare
from drill_clients import fetch, form_post
from drill_services import AS_PG, PG_BIN, Checks, Services, run, wait_until

READER = {"Cookie": "sessionid=drill-bypasses-the-page-cache"}
LAG = 3  # DATABASE_REPLICA_LAG_SECONDS for the drill  # every read built fresh, from the database


class ReplicaServices(Services):
    def __init__(self, tmp, ports, replica_port):
        super().__init__(tmp, ports)
        self.replica_port, self.replica_data = replica_port, tmp / "replica"
        self.env["DATABASE_REPLICA_LAG_SECONDS"] = str(LAG)
        # A connection per request: a server process's statistics are complete when it ends.
        self.env["DATABASE_CONN_MAX_AGE"] = "0"
        self.env["DATABASE_REPLICA_URL"] = f"postgres://postgres@127.0.0.1:{replica_port}/drill"

    def start_replica(self):
        self.replica_data.mkdir(mode=0o700)
        if AS_PG:
            shutil.chown(self.replica_data, "postgres", "postgres")
        run(
            f"{AS_PG}{PG_BIN}/pg_basebackup -h 127.0.0.1 -p {self.pg_port} -U postgres -D {self.replica_data} -R -X stream -c fast"
        )
        options = f"-p {self.replica_port} -c listen_addresses=127.0.0.1 -k {self.replica_data}"
        run(
            f"{AS_PG}{PG_BIN}/pg_ctl -D {self.replica_data} -w -t 30 start -l {self.replica_data}/server.log -o '{options}'"
        )

    def stop(self):
        super().stop()
        if (self.replica_data / "postmaster.pid").exists():
            command = f"{AS_PG}{PG_BIN}/pg_ctl -D {self.replica_data} -w -t 30 stop -m fast"
            subprocess.run(shlex.split(command), capture_output=True, timeout=60)  # stopped already, perhaps


def query(port, sql):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="drill", autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def transactions(port):
    """Transactions the server has run in the drill's database so far (this reading's own included)."""
    query(port, "SELECT pg_stat_force_next_flush()")
    return query(port, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'drill'")[0][0]


def transactions_during(svc, work):
    """(primary, replica): transactions `work` made each server run, less what counting them costs."""
    own = [transactions(port) for port in (svc.pg_port, svc.replica_port)]
    own = [transactions(port) - before for port, before in zip((svc.pg_port, svc.replica_port), own, strict=True)]
    before = [transactions(port) for port in (svc.pg_port, svc.replica_port)]
    work()
    after = [transactions(port) for port in (svc.pg_port, svc.replica_port)]
    return tuple(a - b - o for a, b, o in zip(after, before, own, strict=True))


def comment(svc, ctx, text):
    """Post a comment as a new reader; return that reader's cookies after the post."""
    status, cookies, html = fetch(svc.web_port, "GET", ctx["story"], headers=READER)
    csrf = [cookies.get("csrftoken", ""), CSRF_FIELD.search(html)[1]]
    fields = {"name": "Replica drill", "email": "drill@example.com", "body": text}
    status, posted, _ = form_post(svc.web_port, f"/comments/post/{ctx['article_id']}/", fields, csrf)
    return status, posted


def drill(svc, ctx, check):
    svc.start_pg()
    run(f"{PG_BIN}/createdb -h 127.0.0.1 -p {svc.pg_port} -U postgres drill")
    svc.start_redis()  # shared by the web workers, as in production: they agree on what changed
    prepare(svc, ctx)
    svc.start_replica()
    wait_until(lambda: query(svc.replica_port, "SELECT pg_is_in_recovery()")[0][0], 30, "the replica")
    svc.start_web()

    status, _, body = fetch(svc.web_port, "GET", "/readyz")
    check("/readyz sees the primary and the replica", status == 200 and '"replica": "ok"' in body, body.strip())

    statuses = set()
    primary, replica = transactions_during(
        svc, lambda: statuses.update(fetch(svc.web_port, "GET", ctx["story"], headers=READER)[0] for _ in range(40))
    )
    check(
        "40 story reads go to the replica",
        statuses == {200} and replica >= 40 and primary == 0,
        f"transactions: replica {replica}, primary {primary}",
    )

    query(svc.replica_port, "SELECT pg_wal_replay_pause()")
    token = f"replicatok{secrets.token_hex(5)}"
    status, cookies = comment(svc, ctx, f"Seen at once by its writer {token}")
    check("a comment posted while the replica lags (replay paused) is stored", status == 303, f"POST answered {status}")
    own = {"Cookie": f"{READER['Cookie']}; primary={cookies.get('primary', '')}"}
    writer_sees = token in fetch(svc.web_port, "GET", ctx["story"], headers=own)[2]
    check(
        "its writer reads it back at once (the primary, for a while after their POST)",
        "primary" in cookies and writer_sees,
        f"cookie primary set: {'primary' in cookies}; shown to the writer: {writer_sees}",
    )
    seen = []
    primary, replica = transactions_during(
        svc, lambda: seen.append(token in fetch(svc.web_port, "GET", ctx["story"], headers=READER)[2])
    )
    check(
        f"so does every other reader for the {LAG} s after a change (no page cached from a lagging replica)",
        seen == [True] and primary > 0 and replica == 0,
        f"shown: {seen[0]}; transactions: primary {primary}, replica {replica}",
    )
    time.sleep(LAG + 0.5)
    primary, replica = transactions_during(
        svc, lambda: seen.append(token in fetch(svc.web_port, "GET", ctx["story"], headers=READER)[2])
    )
    check(
        "after that window reads return to the replica (still paused here: the window must exceed the lag)",
        replica > 0 and primary == 0 and seen[-1] is False,
        f"transactions: replica {replica}, primary {primary}; the comment shown: {seen[-1]}",
    )
    query(svc.replica_port, "SELECT pg_wal_replay_resume()")
    started = time.monotonic()
    wait_until(lambda: token in fetch(svc.web_port, "GET", ctx["story"], headers=READER)[2], 20, "the replica")
    check(
        "after replay resumes every reader sees it from the replica", True, f"within {time.monotonic() - started:.1f} s"
    )

    editor = {"Cookie": admin_cookies(svc.web_port)}
    answers = []
    primary, replica = transactions_during(
        svc, lambda: answers.append(fetch(svc.web_port, "GET", "/admin/articles/article/", headers=editor)[0])
    )
    check(
        "the admin reads the primary",
        answers == [200] and primary > 0 and replica == 0,
        f"transactions: primary {primary}, replica {replica}",
    )

    run(f"{AS_PG}{PG_BIN}/pg_ctl -D {svc.replica_data} -w -t 30 stop -m immediate")
    story = [fetch(svc.web_port, "GET", ctx["story"], headers=READER)[0] for _ in range(10)]
    status, _, body = fetch(svc.web_port, "GET", "/readyz")
    check(
        "the replica stopped: readers are served by the primary, the servers stay ready",
        set(story) == {200} and status == 200,
        f"10 story reads answered {sorted(set(story))}; /readyz {status}: {body.strip()}",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-base", type=int, default=26432, help="primary here, gunicorn +2, replica +3")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="replica-drill-"))
    svc = ReplicaServices(tmp, (args.port_base, args.port_base + 1, args.port_base + 2), args.port_base + 3)
    check = Checks("replica")
    try:
        drill(svc, {}, check)
    finally:
        svc.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    check.report("replica")
    return 0 if check.all_held else 1


if __name__ == "__main__":
    sys.exit(main())
