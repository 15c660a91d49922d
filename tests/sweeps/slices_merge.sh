#!/usr/bin/env bash
# A sweep cut into 3 slices and merged is byte-identical to the whole sweep; slices given twice,
# a missing slice, a slice of another sweep and a truncated file are refused with exit 2.
set -uo pipefail
metallab=$1
scenario=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
args=(sweep "$scenario" --seeds 1..6 --vary memberlist.suspicionMult=2,4 --jobs 2)
status=0
"$metallab" "${args[@]}" --output "$dir/whole.json" >/dev/null 2>&1 || { echo "whole sweep failed"; exit 1; }
for i in 1 2 3; do
  "$metallab" "${args[@]}" --shard "$i/3" --output "$dir/s$i.json" >/dev/null 2>&1 ||
    { echo "slice $i failed"; exit 1; }
done
"$metallab" merge "$dir/s3.json" "$dir/s1.json" "$dir/s2.json" --output "$dir/merged.json" \
  >/dev/null || { echo "merge failed"; status=1; }
cmp "$dir/whole.json" "$dir/merged.json" || { echo "merged differs from the whole sweep"; status=1; }
"$metallab" sweep "$scenario" --seeds 1..7 --vary memberlist.suspicionMult=2,4 --shard 1/3 \
  --output "$dir/other.json" >/dev/null 2>&1
head -c 200 "$dir/s1.json" > "$dir/truncated.json"
refuse() {
  local why=$1
  shift
  "$metallab" merge "$@" --output "$dir/refused.json" >/dev/null 2>"$dir/err"
  local code=$?
  if [ "$code" != 2 ] || [ -e "$dir/refused.json" ]; then
    echo "merge of $why: exit $code (expected 2, nothing written)"
    status=1
  fi
  rm -f "$dir/refused.json"
}
refuse "a slice twice" "$dir/s1.json" "$dir/s1.json" "$dir/s2.json" "$dir/s3.json"
refuse "a missing slice" "$dir/s1.json" "$dir/s2.json"
refuse "another sweep's slice" "$dir/other.json" "$dir/s2.json" "$dir/s3.json"
refuse "a truncated slice" "$dir/truncated.json" "$dir/s2.json" "$dir/s3.json"
refuse "the whole sweep" "$dir/whole.json"
exit $status
