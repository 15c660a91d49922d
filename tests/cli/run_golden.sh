#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/cases/NAME/args holds the arguments to metallab, one per
# line, with paths relative to the repository root (the working directory of the run); stdout,
# stderr and exit hold what must come out, byte for byte. METALLAB_UPDATE_GOLDEN=1 rewrites them
# instead (review the diff before committing).
set -uo pipefail
metallab=$1
root=$2
case_dir=$3

mapfile -t args < "$case_dir/args"
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
(cd "$root" && timeout 60 "$metallab" "${args[@]}" >"$out" 2>"$err")
code=$?

if [ "${METALLAB_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$out" "$case_dir/stdout"
  cp "$err" "$case_dir/stderr"
  echo "$code" > "$case_dir/exit"
  echo "updated $(basename "$case_dir")"
  exit 0
fi

status=0
if [ "$code" != "$(cat "$case_dir/exit")" ]; then
  echo "exit code $code, expected $(cat "$case_dir/exit")"
  status=1
fi
diff -u "$case_dir/stdout" "$out" || { echo "stdout differs (above)"; status=1; }
diff -u "$case_dir/stderr" "$err" || { echo "stderr differs (above)"; status=1; }
exit $status
