#!/usr/bin/env bash
# Replays one shipped scenario and compares what comes out with what is pinned under
# tests/scenario_pins/pins/NAME: the transcript (stdout), the JSON report (its traceHash kept
# apart in trace-hash), the JUnit XML and the SHA-256 of the capture. A refactoring must leave
# them byte for byte; a change is either a fix its commit explains or a bug.
# METALLAB_UPDATE_GOLDEN=1 rewrites the pins instead (review the diff before committing).
set -uo pipefail
metallab=$1
root=$2
name=$3
pin_dir="$root/tests/scenario_pins/pins/$name"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && timeout 120 "$metallab" run "scenarios/$name.yaml" --report "$work/report.json" \
  --junit "$work/junit.xml" --pcap "$work/pcap" >"$work/transcript" 2>"$work/stderr")
code=$?
if [ "$code" != 0 ]; then
  echo "metallab run scenarios/$name.yaml exited $code:"
  cat "$work/stderr"
  exit 1
fi

grep -o '"traceHash": "[0-9a-f]*"' "$work/report.json" >"$work/trace-hash"
sed -i 's/"traceHash": "[0-9a-f]*"/"traceHash": "(in trace-hash)"/' "$work/report.json"
(cd "$work/pcap" && sha256sum -- *) >"$work/capture.sha256"

files=(transcript report.json junit.xml capture.sha256 trace-hash)
if [ "${METALLAB_UPDATE_GOLDEN:-0}" = 1 ]; then
  mkdir -p "$pin_dir"
  for file in "${files[@]}"; do cp "$work/$file" "$pin_dir/$file"; done
  echo "updated pin $name"
  exit 0
fi

status=0
for file in "${files[@]}"; do
  if ! diff -u "$pin_dir/$file" "$work/$file"; then
    echo "$name: $file differs from the pin (above)"
    status=1
  fi
done
if [ "$status" != 0 ]; then
  echo "The trace hash may change only when event bookkeeping changes; every other byte is a"
  echo "behaviour change. METALLAB_UPDATE_GOLDEN=1 ctest -R pin: rewrites the pins."
fi
exit $status
