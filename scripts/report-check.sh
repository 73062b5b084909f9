#!/bin/sh
# Renders HTML reports to PNG screenshots next to them, for a person to look at.
#
#   scripts/report-check.sh [FILE.html ...]     default: every reports/*/report.html
#
# Each FILE.html becomes FILE.png (the first REPORT_CHECK_HEIGHT pixels of the
# page at REPORT_CHECK_WIDTH, with headless Chromium), and with
# REPORT_CHECK_PDF=1 also FILE.pdf, printed with the report's print style.
#
# Needs Chromium (Debian: apt-get install -y chromium). Nothing is fetched:
# the reports are self-contained, and the browser runs without network access
# to anything but the file itself.
set -eu

width=${REPORT_CHECK_WIDTH:-1200}
height=${REPORT_CHECK_HEIGHT:-4000}

browser=""
for candidate in chromium chromium-browser google-chrome-stable google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$candidate
    break
  fi
done
if [ -z "$browser" ]; then
  echo "error: no Chromium found. Install it with:" >&2
  echo "    sudo apt-get install -y chromium" >&2
  exit 2
fi

if [ "$#" -eq 0 ]; then
  set -- reports/*/report.html
  if [ ! -e "$1" ]; then
    echo "error: no reports/*/report.html; run 'make run' first or name the files" >&2
    exit 2
  fi
fi

status=0
for file in "$@"; do
  if [ ! -f "$file" ]; then
    echo "error: $file: no such file" >&2
    status=1
    continue
  fi
  dir=$(cd "$(dirname "$file")" && pwd)
  url="file://$dir/$(basename "$file")"
  png="${file%.html}.png"
  # A private profile per run, so that concurrent runs and user profiles never interfere.
  profile=$(mktemp -d)
  if "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$profile" --window-size="$width,$height" --screenshot="$png" "$url" >/dev/null 2>&1; then
    echo "$png"
  else
    echo "error: $browser could not render $file" >&2
    status=1
  fi
  if [ "${REPORT_CHECK_PDF:-0}" = "1" ]; then
    pdf="${file%.html}.pdf"
    if "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" \
      --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >/dev/null 2>&1; then
      echo "$pdf"
    else
      echo "error: $browser could not print $file" >&2
      status=1
    fi
  fi
  rm -rf "$profile"
done
exit $status
