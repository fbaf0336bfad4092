#!/bin/sh
# Sets briefdeck up on this machine: a browser for PDFs (one already installed, else Debian's Chromium
# with apt-get, else Puppeteer's own download), CJK fonts, PDF tools for the tests, and the npm packages.
set -eu
cd "$(dirname "$0")/.."

find_browser() {
  for path in "${PUPPETEER_EXECUTABLE_PATH:-}" "${CHROME_PATH:-}"; do
    if [ -n "$path" ] && [ -x "$path" ]; then echo "$path"; return 0; fi
  done
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  done
  for path in "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    if [ -x "$path" ]; then echo "$path"; return 0; fi
  done
  return 1
}

can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }

browser=$(find_browser || true)
if can_apt; then
  missing=""
  [ -n "$browser" ] || missing="$missing chromium"
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$missing fonts-noto-cjk"
  command -v pdfinfo >/dev/null 2>&1 || missing="$missing poppler-utils"
  command -v qpdf >/dev/null 2>&1 || missing="$missing qpdf"
  if [ -n "$missing" ]; then
    echo "setup: installing$missing with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
  browser=$(find_browser || true)
fi

if [ -n "$browser" ]; then
  echo "setup: using the browser at $browser"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
else
  echo "setup: no browser found; using Puppeteer's own Chrome"
  npm ci --no-audit --no-fund
  npx puppeteer browsers install chrome
fi
