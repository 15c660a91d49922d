#!/usr/bin/env bash
# The layering check must find each planted violation in fixture/ (and only those): exit 1, and
# exactly the lines of fixture/expected.txt.
set -uo pipefail
checker=$1
fixture=$(dirname "$0")/fixture
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$checker" --source "$fixture" --rules "$fixture/rules.md" --layers "$fixture/layers.txt" >"$out"
code=$?
status=0
if [ "$code" != 1 ]; then
  echo "exit code $code, expected 1"
  status=1
fi
if ! diff -u "$fixture/expected.txt" "$out"; then
  status=1
fi
exit $status
