#!/usr/bin/env bash
# Two app servers behind nginx, with one PostgreSQL, Redis, object store and task worker, on
# loopback (bench/cluster.py says what it shows). Installs what is missing: Debian's nginx-light
# (and PostgreSQL or Redis, on a machine without them) and the project's Python packages.
# Run as root:  bash bench/cluster.sh [--port-base 27432] [--seconds 8]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v redis-server >/dev/null || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if ((${#missing[@]})); then
  echo "Installing from Debian: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
make --no-print-directory .venv/.dev
exec .venv/bin/python bench/cluster.py "$@"
