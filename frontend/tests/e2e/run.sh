#!/usr/bin/env bash
# Entry point of `npm run test:e2e`: checks the system Chromium, makes sure
# the built SPA is current, then runs Playwright (extra arguments are passed on).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
ci="${CI:-}"
if [ ! -x "$chromium" ]; then
  {
    echo "################################################################################"
    echo "#  BROWSER TESTS NOT RUN: no Chromium at $chromium"
    echo "#  Install it with: apt-get install -y chromium"
    echo "#  (or point CHROMIUM_PATH at a Chromium binary)"
    echo "################################################################################"
  } >&2
  if [ -n "$ci" ] && [ "$ci" != "false" ] && [ "$ci" != "0" ]; then
    echo "CI is set: failing instead of skipping." >&2
    exit 1
  fi
  exit 0
fi

# The API serves frontend/dist: rebuild it when missing or older than the sources.
if [ ! -f dist/index.html ] || [ -n "$(find src index.html public vite.config.ts package-lock.json -newer dist/index.html -print -quit 2>/dev/null)" ]; then
  echo "run.sh: building the SPA (dist missing or out of date)" >&2
  npm run build
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec npx playwright test "$@"
