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

# A real OpenID Connect provider for the ProConnect sign-in (proconnect.spec.ts): the mock
# the API tests use, in its own process, started first so that it boots while the database
# is seeded. Any client id and redirect URI are accepted; the sub typed on its authorize page
# becomes the e-mail of the ID token.
oidc_provider="${OIDC_PROVIDER_BIN:-$(dirname "$convergence")/oidc-provider-mock}"
oidc_port="${E2E_OIDC_PORT:-$((port + 1000))}"
oidc_url="http://127.0.0.1:$oidc_port"
if [ ! -x "$oidc_provider" ]; then
  echo "start-server.sh: $oidc_provider not found; install the development dependencies (.venv/bin/pip install -e '.[dev]')" >&2
  exit 1
fi
mkdir -p "$(dirname "$db")"
oidc_log="$repo_dir/var/e2e-oidc-$port.log"
provider_pid=""
server_pid=""
# Whatever ends this script (the server stopping, Playwright's signal, a failed step)
# ends the provider too.
stop_children() {
  trap - EXIT
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  [ -z "$provider_pid" ] || kill "$provider_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_children EXIT
trap 'exit 143' TERM INT HUP
if curl -sf -o /dev/null "$oidc_url/.well-known/openid-configuration"; then
  echo "start-server.sh: port $oidc_port already answers (a provider left by another run?); stop it or set E2E_OIDC_PORT" >&2
  exit 1
fi
NO_COLOR=1 "$oidc_provider" --host 127.0.0.1 --port "$oidc_port" >"$oidc_log" 2>&1 &
provider_pid=$!

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

export CONVERGENCE_OIDC_ISSUER="$oidc_url"
export CONVERGENCE_OIDC_CLIENT_ID=convergence-e2e
export CONVERGENCE_OIDC_CLIENT_SECRET=secret-e2e
export CONVERGENCE_OIDC_REDIRECT_URI="http://127.0.0.1:$port/api/v1/auth/proconnect/retour"

cd "$repo_dir"
"$convergence" migrate >&2
"$convergence" seed-demo >&2

# The provider had the seeding's time to boot; wait at most 20 s more, and say why it failed.
for _ in $(seq 200); do
  if curl -sf -o /dev/null "$oidc_url/.well-known/openid-configuration"; then
    break
  fi
  if ! kill -0 "$provider_pid" 2>/dev/null; then
    echo "start-server.sh: the OpenID Connect provider ($oidc_provider) exited; its log ($oidc_log):" >&2
    tail -n 20 "$oidc_log" >&2
    exit 1
  fi
  sleep 0.1
done
if ! curl -sf -o /dev/null "$oidc_url/.well-known/openid-configuration"; then
  echo "start-server.sh: the OpenID Connect provider does not answer on $oidc_url (port taken?); its log ($oidc_log):" >&2
  tail -n 20 "$oidc_log" >&2
  exit 1
fi

"$convergence" serve --host 127.0.0.1 --port "$port" &
server_pid=$!
wait "$server_pid"
