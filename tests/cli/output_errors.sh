#!/usr/bin/env bash
# A /proc file as --report: the kernel refuses the bytes (EIO on write as root, EACCES on open
# otherwise), so the reason differs by user and this case cannot be a byte-for-byte golden. The
# run must still exit 2 and name the option, the path and a reason.
set -uo pipefail
metallab=$1
root=$2
err=$(cd "$root" && timeout 60 "$metallab" run --quiet scenarios/l2-memberlist-disabled.yaml \
  --report /proc/version 2>&1 >/dev/null)
code=$?
case "$err" in
  "metallab: cannot write --report /proc/version: Input/output error" | \
    "metallab: cannot write --report /proc/version: Permission denied") ;;
  *)
    echo "unexpected stderr: $err"
    exit 1
    ;;
esac
if [ "$code" != 2 ]; then
  echo "exit $code, expected 2"
  exit 1
fi
