#!/usr/bin/env bash
# Renders `metallab run --html` and `sweep --html` in headless Chromium and checks, in the DOM
# the pages' own scripts built, that they are drawn: the two announcers' bars, the failed and
# answered attempts, the fault's line and its stage dots; a sweep's histograms and CDFs. Skips (exit 77, with the reason) when
# Chromium is not installed.
set -uo pipefail
metallab=$1
scenario=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIPPED: no chromium (Debian package chromium) to render the page"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$metallab" run --quiet "$scenario" --html "$dir/run.html" >/dev/null || { echo "run failed"; exit 1; }
# Root has no user namespace sandbox here; the page is our own, offline.
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$dir/profile" \
  --dump-dom "file://$dir/run.html" >"$dir/dom.html" 2>"$dir/browser.log" ||
  { echo "chromium failed:"; tail -5 "$dir/browser.log"; exit 1; }
status=0
expect() {  # expect WHAT MIN MAX
  local count
  count=$(grep -o "$1" "$dir/dom.html" | wc -l)
  if [ "$count" -lt "$2" ] || [ "$count" -gt "$3" ]; then
    echo "$1: $count in the rendered page, expected $2..$3"
    status=1
  fi
}
expect 'class="announce"' 2 2            # w1-k8s until the fault, then w3-k8s
expect 'class="attempt failed"' 30 2000  # the outage
expect 'class="attempt answered"' 100 5000
expect 'class="fault"' 1 1
expect 'class="stage"' 5 50
expect '<svg' 1 1
# The data and the script are in the page itself: nothing is fetched.
if grep -Eq '<script[^>]+src=|<link[^>]+href=' "$dir/run.html"; then
  echo "the page refers to external files"
  status=1
fi

# A sweep's page: a histogram and a CDF per measure and combination.
"$metallab" sweep "$scenario" --seeds 1..6 --jobs 2 --vary memberlist.suspicionMult=2,4 \
  --html "$dir/sweep.html" >/dev/null 2>&1 || { echo "sweep failed"; exit 1; }
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$dir/profile" \
  --dump-dom "file://$dir/sweep.html" >"$dir/dom.html" 2>"$dir/browser.log" ||
  { echo "chromium failed on the sweep page:"; tail -5 "$dir/browser.log"; exit 1; }
expect 'class="histogram"' 20 100  # two combinations, a dozen measures each
expect 'class="cdf-line"' 20 100
expect 'class="bin"' 400 2000
exit $status
