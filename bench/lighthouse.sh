#!/usr/bin/env bash
# Lighthouse's four scores for the home, a section and a story page, on a phone and a desktop,
# in production mode (gunicorn, DJANGO_DEBUG off, static files hashed and compressed by whitenoise).
#
#   bash bench/lighthouse.sh       # needs Chromium (apt-get install chromium) and npm
#
# Lighthouse (npm package lighthouse@13.5.0) is installed into bench/results/lighthouse the first
# time. Builds a scratch SQLite database with the demo newsroom, serves it with gunicorn and runs
# Lighthouse against each page (a run Chromium spoils with NO_NAVSTART is run again, up to three
# times). Prints one line per page and form factor; the reports stay in bench/results/lighthouse.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/results/lighthouse
DB=/tmp/bench_lighthouse.sqlite3
PORT=${PORT:-8312}
mkdir -p "$OUT"
[ -x "$OUT/node_modules/.bin/lighthouse" ] || npm install --prefix "$OUT" lighthouse@13.5.0 --no-audit --no-fund --silent
export DATABASE_URL="sqlite:///$DB" DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 MEDIA_ROOT=/tmp/bench_lighthouse_media \
  SITE_URL=http://127.0.0.1:$PORT LOG_LEVEL=WARNING
rm -f "$DB"*
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py seed_demo > /dev/null
.venv/bin/gunicorn newsroom.wsgi --bind 127.0.0.1:$PORT --workers 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break; sleep 0.2; done
STORY=$(curl -s "http://127.0.0.1:$PORT/" | grep -o 'href="/20[0-9][0-9]/[^"]*/"' | head -1 | cut -d'"' -f2)
SECTION=$(curl -s "http://127.0.0.1:$PORT/" | grep -o 'href="/section/[^"]*/"' | head -1 | cut -d'"' -f2)
for name in home section story; do
  case $name in home) path=/ ;; section) path=$SECTION ;; story) path=$STORY ;; esac
  for form in mobile desktop; do
    preset=""; [ $form = desktop ] && preset="--preset=desktop"
    report="$OUT/$name-$form.json"
    for _ in 1 2 3; do
      CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$OUT/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" \
        $preset --chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$report" --quiet || true
      .venv/bin/python -c "import json, sys; sys.exit(1 if json.load(open('$report')).get('runtimeError') else 0)" && break
    done
    .venv/bin/python -c "
import json
report = json.load(open('$report'))
scores = {key: round(value['score'] * 100) for key, value in report['categories'].items() if key != 'agentic-browsing'}
print(f'$name ($path), $form:', ', '.join(f'{key} {score}' for key, score in scores.items()))"
  done
done
