"""The WordPress import on a large generated export, attachments fetched from a local server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/wp_import.py \\
        --posts 2000 --comments 50000 --images 500

Makes a fresh database (newsroom_wp_bench on the DATABASE_URL server; SQLite when unset), writes
the export (bench/make_wxr.py) and one JPEG per attachment, serves them over HTTP on a spare
loopback port, and runs `manage.py import_wordpress --fetch-media` twice under /usr/bin/time:
the first import, then a run where nothing changed. Prints wall time and peak memory of each.
"""

import argparse
import functools
import http.server
import io
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from make_wxr import write  # noqa: E402


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fresh_database(env):
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base = url.rsplit("/", 1)[0]
        subprocess.run(["psql", url, "-qc", "DROP DATABASE IF EXISTS newsroom_wp_bench"], check=True)
        subprocess.run(["psql", url, "-qc", "CREATE DATABASE newsroom_wp_bench"], check=True)
        env["DATABASE_URL"] = f"{base}/newsroom_wp_bench"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def timed(args, env):
    run = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "manage.py", "import_wordpress", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = re.search(r"Took ([\d.]+) s", run.stdout)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    summary = [line for line in run.stdout.splitlines() if line.startswith(("Posts:", "Images:", "Comments:"))]
    return (float(wall.group(1)) if wall else None), (int(rss.group(1)) // 1024 if rss else None), summary, run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=50000)
    parser.add_argument("--images", type=int, default=500)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="wp-bench-"))
    uploads = work / "site" / "wp-content" / "uploads" / "2023" / "01"
    uploads.mkdir(parents=True)
    picture = io.BytesIO()
    Image.new("RGB", (1600, 1067), (70, 110, 150)).save(picture, "JPEG", quality=85)
    for number in range(1, args.images + 1):
        (uploads / f"picture-{number}.jpg").write_bytes(picture.getvalue())
    server = serve(work / "site")
    export = work / "export.xml"
    with export.open("w", encoding="utf-8") as out:
        write(out, args.posts, args.comments, images=args.images, base_url=f"http://127.0.0.1:{server.server_port}")

    env = dict(os.environ, DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="localhost", MEDIA_ROOT=str(work / "media"))
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    fresh_database(env)
    fetch = ["--fetch-media", "--fetch-dir", str(work / "downloads")]
    print(
        f"export: {export.stat().st_size / 1e6:.0f} MB, {args.posts} posts, {args.comments} comments, {args.images} attachments"
    )
    for label in ("first import", "again, nothing changed"):
        wall, rss, summary, run = timed([str(export), *fetch], env)
        if run.returncode:
            print(run.stdout[-2000:], run.stderr[-2000:])
            raise SystemExit(run.returncode)
        print(f"{label}: {wall} s, peak memory {rss} MB")
        for line in summary:
            print(f"  {line}")
    server.shutdown()


if __name__ == "__main__":
    main()
