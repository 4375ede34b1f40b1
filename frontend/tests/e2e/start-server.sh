#!/usr/bin/env bash
# Starts the real API on a fresh, seeded SQLite database for the browser tests.
# The API serves the built SPA (frontend/dist) on the same origin.
set -euo pipefail

frontend_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
repo_dir="$(cd "$frontend_dir/.." && pwd)"
convergence="${CONVERGENCE_BIN:-$repo_dir/.venv/bin/convergence}"
port="${E2E_PORT:-8765}"
db="$repo_dir/var/e2e-$port.db"

if [ ! -x "$convergence" ]; then
  echo "start-server.sh: $convergence not found; install the API first (python -m venv .venv && .venv/bin/pip install -e .)" >&2
  exit 1
fi
if [ ! -f "$frontend_dir/dist/index.html" ]; then
  echo "start-server.sh: frontend/dist is missing, building the SPA" >&2
  (cd "$frontend_dir" && npm run build >&2)
fi

mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-journal" "$db-wal" "$db-shm"

export CONVERGENCE_DATABASE_URL="sqlite+aiosqlite:///$db"
export CONVERGENCE_ENV=demo
# Links in e-mails (invitations, resets) point at this server; messages go to their own folder.
export CONVERGENCE_PUBLIC_URL="http://127.0.0.1:$port"
export CONVERGENCE_MAIL_DIR="$repo_dir/var/e2e-mail-$port"
rm -rf "$CONVERGENCE_MAIL_DIR"
# The people of the programme live in France: the server's "today" is the browser's (Paris).
export TZ=Europe/Paris
export CONVERGENCE_DOCUMENTS_DIR="$repo_dir/var/e2e-documents-$port"
rm -rf "$CONVERGENCE_DOCUMENTS_DIR"

cd "$repo_dir"
"$convergence" migrate >&2
"$convergence" seed-demo >&2
exec "$convergence" serve --host 127.0.0.1 --port "$port"
