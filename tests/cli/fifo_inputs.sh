#!/usr/bin/env bash
# Every path metallab reads must be a regular file: a named pipe given to validate, convert,
# allocate --services or run (directly, inside a directory, or through a scenario's
# `kubectl apply -f`) is refused with "not a regular file" and exit 2, never waited on. A FIFO
# cannot live in git, so this case builds its inputs in a scratch directory. Each run is bounded
# by `timeout`: a hang fails the test instead of stalling it.
set -uo pipefail
metallab=$1
root=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkfifo "$scratch/pipe.yaml"
mkdir "$scratch/dir"
cp "$root/scenarios/walkthrough/metallb-l2config.yaml" "$scratch/dir/"
mkfifo "$scratch/dir/pipe.yaml"
cat >"$scratch/scenario.yaml" <<'YAML'
name: fifo
topology:
  segments: [{name: lan}]
  nodes:
    - {name: n1, segment: lan, address: 192.0.2.1/24}
steps:
  - {at: 1s, kubectl: kubectl apply -f pipe.yaml}
YAML

status=0
expect() {  # expect "WHAT STDERR SHOULD HOLD" metallab arguments...
  local want=$1
  shift
  local err code
  err=$(timeout 10 "$metallab" "$@" 2>&1 >/dev/null)
  code=$?
  if [ "$code" != 2 ] || [[ "$err" != *"$want"* ]]; then
    echo "metallab $*: exit $code, stderr:"
    echo "$err"
    echo "expected exit 2 and: $want"
    status=1
  fi
}
config=$root/scenarios/walkthrough/metallb-l2config.yaml
expect "$scratch/pipe.yaml:1:1: not a regular file (a named pipe)" validate "$scratch/pipe.yaml"
expect "$scratch/dir/pipe.yaml:1:1: not a regular file (a named pipe)" validate "$scratch/dir"
expect "$scratch/pipe.yaml:1:1: not a regular file (a named pipe)" convert "$scratch/pipe.yaml"
expect "$scratch/pipe.yaml:1:1: not a regular file (a named pipe)" \
  allocate --config "$config" --services "$scratch/pipe.yaml"
expect "$scratch/pipe.yaml:1:1: not a regular file (a named pipe)" \
  allocate --config "$scratch/pipe.yaml" --services "$config"
expect "$scratch/pipe.yaml:1:1: not a regular file (a named pipe)" run "$scratch/scenario.yaml"
expect "$scratch/pipe.yaml:1:1: not a regular file (a named pipe)" run "$scratch/pipe.yaml"
exit $status
