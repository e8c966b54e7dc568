#!/usr/bin/env bash
# Requests per second under load: gunicorn (production settings) and wrk, all on this machine.
#
#   bash bench/http_pages.sh            # needs wrk (apt-get install wrk)
#
# Builds a scratch SQLite database with the demo newsroom plus a story with 500 comments
# (depth up to 5), serves it with gunicorn (2 workers) and measures, 8 connections, 10 s each:
# the 500-comment story uncached and cached, a story with no comments, and robots.txt as
# the "minimal Django view". Prints wrk's summary for each.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=/tmp/bench_http.sqlite3
PORT=${PORT:-8311}
DURATION=${DURATION:-10s}
export DATABASE_URL="sqlite:///$DB" DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 MEDIA_ROOT=/tmp/bench_http_media
rm -f "$DB"*
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py seed_demo > /dev/null
BUSY=$(.venv/bin/python manage.py shell -c "
from articles.models import Article
from comments.tests.factories import post
article = Article.objects.published().order_by('-publish_at')[5]
parents = []
for number in range(500):
    parent = None
    if number % 10 and parents:
        parent = parents[-1] if parents[-1].level < 4 else parents[-1].parent
    parents.append(post(article, body=f'Comment {number}: ' + 'a fair point about the story ' * 4, parent=parent,
                        name=f'Reader {number % 37}', author_url='https://example.org' if number % 3 else ''))
print(article.get_absolute_url())
" | tail -1)
QUIET=$(.venv/bin/python manage.py shell -c "
from articles.models import Article
print(Article.objects.published().filter(comment_count=0).first().get_absolute_url())" | tail -1)
.venv/bin/gunicorn newsroom.wsgi --bind 127.0.0.1:$PORT --workers 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break; sleep 0.2; done
run() {
  echo "== $1"
  shift
  wrk -t2 -c8 -d"$DURATION" --latency "$@" | grep -E "Requests/sec|Latency  |Transfer/sec|Non-2xx"
}
echo "500-comment page: $(curl -s "http://127.0.0.1:$PORT$BUSY" | wc -c) bytes"
run "500 comments, uncached (a messages cookie bypasses the page cache)" -H "Cookie: messages=x" "http://127.0.0.1:$PORT$BUSY"
run "500 comments, cached (anonymous)" "http://127.0.0.1:$PORT$BUSY"
run "no comments, uncached" -H "Cookie: messages=x" "http://127.0.0.1:$PORT$QUIET"
run "no comments, cached (anonymous)" "http://127.0.0.1:$PORT$QUIET"
run "robots.txt (minimal Django view)" "http://127.0.0.1:$PORT/robots.txt"
