#!/usr/bin/env bash
# Newsroom beside the WordPress peer, same content, same machine, interleaved rounds.
#
#   bash bench/side_by_side.sh          # the peer must answer on WP_URL (bench/data/README.md)
#   ROUNDS=5 DURATION=10s bash bench/side_by_side.sh
#
# Imports the peer's export (bench/data/wp-peer-export.xml.gz) into a fresh PostgreSQL
# database, serves Newsroom with gunicorn (4 workers, DJANGO_DEBUG off, Redis cache on its own
# database index), and runs wrk (-t2 -c8) against both sites in turns, round after round:
# each page uncached on WordPress (it has no page cache), uncached on Newsroom (a `messages`
# cookie makes the page cache step aside; the page is built, pasting in the blocks kept rendered
# by core/pagecache/fragments.py), cold on a second Newsroom server with FRAGMENT_CACHE=0 (every block
# rendered on every request), and as a Newsroom cache hit, plus robots.txt as the minimal Django
# view; and the 500-comment story once more as browsers ask for it (Accept-Encoding: gzip, which
# the peer's nginx compresses on the fly). Prints the medians as a table with the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
WP=${WP_URL:-http://127.0.0.1:8081}
PORT=${PORT:-8093}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8s}
PG=${PG_URL:-postgres://postgres@127.0.0.1:5432}
DB=newsroom_side_by_side
NR=http://127.0.0.1:$PORT
OUT=$(mktemp -d /tmp/side-by-side.XXXX)

curl -sf -o /dev/null "$WP/big-thread/" || { echo "No WordPress peer at $WP (see bench/data/README.md)."; exit 1; }
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
export DATABASE_URL="$PG/$DB" DJANGO_DEBUG=0 DJANGO_SECRET_KEY=side-by-side-bench-only-0123456789abcdefghijklmnopqrstuvwxyz \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 SITE_URL=$NR REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/7} \
  MEDIA_ROOT=$OUT/media STATIC_ROOT=$OUT/static
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py import_wordpress bench/data/wp-peer-export.xml.gz | grep -E "^(Posts|Comments)"
read -r BIG PLAIN SECTION WPPLAIN < <(.venv/bin/python manage.py shell -v0 -c "
from articles.models import Article
big = Article.objects.get(comment_count=500)
plain = Article.objects.published().filter(comment_count=0).order_by('-publish_at').first()
print(big.get_absolute_url(), plain.get_absolute_url(), plain.section.get_absolute_url(), '/' + plain.slug + '/')")
redis-cli -u "$REDIS_URL" flushdb > /dev/null

COLD=http://127.0.0.1:$((PORT + 1))
.venv/bin/gunicorn newsroom.wsgi --bind 127.0.0.1:$PORT --workers 4 --log-level warning &
SERVER=$!
FRAGMENT_CACHE=0 .venv/bin/gunicorn newsroom.wsgi --bind 127.0.0.1:$((PORT + 1)) --workers 4 --log-level warning &
COLD_SERVER=$!
trap 'kill $SERVER $COLD_SERVER 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "$NR/robots.txt" && curl -sf -o /dev/null "$COLD/robots.txt" && break; sleep 0.1; done
GZ="Accept-Encoding: gzip"

# name|url|extra header
CASES=(
  "wp-big|$WP/big-thread/|"
  "nr-big|$NR$BIG|Cookie: messages=x"
  "nr-big-cold|$COLD$BIG|Cookie: messages=x"
  "nr-big-hit|$NR$BIG|"
  "wp-plain|$WP$WPPLAIN|"
  "nr-plain|$NR$PLAIN|Cookie: messages=x"
  "nr-plain-cold|$COLD$PLAIN|Cookie: messages=x"
  "nr-plain-hit|$NR$PLAIN|"
  "wp-home|$WP/|"
  "nr-home|$NR/|Cookie: messages=x"
  "nr-home-cold|$COLD/|Cookie: messages=x"
  "nr-home-hit|$NR/|"
  "wp-section|$WP/category/uncategorized/|"
  "nr-section|$NR$SECTION|Cookie: messages=x"
  "nr-section-cold|$COLD$SECTION|Cookie: messages=x"
  "nr-section-hit|$NR$SECTION|"
  "wp-big-gz|$WP/big-thread/|$GZ"
  "nr-big-hit-gz|$NR$BIG|$GZ"
  "nr-minimal|$NR/robots.txt|"
)
for case in "${CASES[@]}"; do  # warm up, and check each answers 200
  IFS='|' read -r name url header <<< "$case"
  for _ in 1 2 3; do
    code=$(curl -s -o "$OUT/$name.html" -w '%{http_code}' ${header:+-H "$header"} "$url")
    [ "$code" = 200 ] || { echo "$name: $url answered $code"; exit 1; }
  done
done
for round in $(seq 1 "$ROUNDS"); do
  for case in "${CASES[@]}"; do
    IFS='|' read -r name url header <<< "$case"
    rate=$(wrk -t2 -c8 -d"$DURATION" --timeout 60s ${header:+-H "$header"} "$url" | awk '/Requests\/sec/ {print $2}')
    echo "$name $round $rate" | tee -a "$OUT/rates.txt"
  done
done

.venv/bin/python - "$OUT" <<'PY'
import statistics, sys
from pathlib import Path
out = Path(sys.argv[1])
rates = {}
for line in (out / "rates.txt").read_text().split("\n"):
    if line.strip():
        name, _round, rate = line.split()
        rates.setdefault(name, []).append(float(rate))
m = {name: statistics.median(values) for name, values in rates.items()}
size = {name: (out / f"{name}.html").stat().st_size for name in ("wp-big", "nr-big")}
print(f"\nmedians of {len(rates['nr-minimal'])} interleaved rounds, req/s at -t2 -c8\n")
print("| page | WordPress | Newsroom uncached | ratio (target ≥ 3×) | uncached, nothing kept | ratio "
      "| Newsroom cache hit | hit / minimal view (target ≥ 0.8×) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
rows = (("story with 500 comments", "big"), ("plain 1,000-word story", "plain"), ("home", "home"), ("section", "section"))
for label, key in rows:
    wp, nr, cold, hit = m[f"wp-{key}"], m[f"nr-{key}"], m[f"nr-{key}-cold"], m[f"nr-{key}-hit"]
    print(f"| {label} | {wp:.1f} | {nr:.1f} | {nr / wp:.2f}× | {cold:.1f} | {cold / wp:.2f}× "
          f"| {hit:.0f} | {hit / m['nr-minimal']:.2f}× |")
wp, hit = m["wp-big-gz"], m["nr-big-hit-gz"]
print(f"| story with 500 comments, gzip | {wp:.1f} | | | | | {hit:.0f} | {hit / m['nr-minimal']:.2f}× |")
print(f"| minimal Django view (robots.txt) | | {m['nr-minimal']:.0f} | | | | | |")
print(f"\n500-comment story HTML: WordPress {size['wp-big']:,} bytes, Newsroom {size['nr-big']:,} bytes "
      f"({size['nr-big'] / size['wp-big']:.2f}×, target ≤ 0.5×)")
PY
