#!/usr/bin/env bash
# The capture of a simulation holds memberlist's real traffic: runs a shipped scenario with
# --pcap, takes every UDP datagram and TCP stream of port 7946 out of it with tshark, and has
# the real hashicorp/memberlist (tests/interop/memberlist_golden, Debian's library built with
# Go, offline) read each: ingestPacket's decryption and CRC check, then handleCommand's
# decoding, and readStream + readRemoteState for the push-pulls. Fails on any message memberlist
# does not take. Skips (exit 77) without tshark, Go or Debian's memberlist.
set -uo pipefail
metallab=$1
root=$2
binary_dir=$3
scenario=${4:-l2-owner-failure-cluster}
gocode=/usr/share/gocode
memberlist_source=$gocode/src/github.com/hashicorp/memberlist

command -v tshark >/dev/null || { echo "SKIPPED: tshark is not installed"; exit 77; }
command -v go >/dev/null || { echo "SKIPPED: go is not installed (golang-go)"; exit 77; }
[ -f "$memberlist_source/net.go" ] ||
  { echo "SKIPPED: no memberlist at $memberlist_source (golang-github-hashicorp-memberlist-dev)"; exit 77; }

# The reference program, built as memberlist_interop.cc builds it (same place, same lock).
program=$root/tests/interop/memberlist_golden
out=$binary_dir/memberlist_golden
peer=$out/memberlist_golden
mkdir -p "$out"
(
  flock 9
  if [ ! "$peer" -nt "$program/main.go" ] ||
     [ ! "$peer" -nt "$program/inside_memberlist/zz_metallab_golden.go" ]; then
    printf '{"Replace":{"%s/zz_metallab_golden.go":"%s"}}\n' "$memberlist_source" \
      "$program/inside_memberlist/zz_metallab_golden.go" >"$out/overlay.json"
    (cd "$program" && env GO111MODULE=off GOPATH=$gocode GOCACHE="$out/go-cache" GOFLAGS= \
      GOENV=off go build -overlay "$out/overlay.json" -o "$peer" .) || exit 1
  fi
) 9>"$out/build.lock" || { echo "building $peer failed"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && timeout 120 "$metallab" run "scenarios/$scenario.yaml" --pcap "$work/pcap" \
  >/dev/null 2>"$work/stderr") || { echo "metallab run failed:"; cat "$work/stderr"; exit 1; }
pcap=$(ls "$work"/pcap/*.pcap | head -1)

# Each datagram once (the capture sees a frame at every hop).
tshark -r "$pcap" -Y 'udp.port == 7946' -T fields -e udp.payload 2>/dev/null | sort -u \
  >"$work/datagrams"
# Each stream direction's bytes in order, retransmissions and repeated sightings left out.
tshark -r "$pcap" -Y 'tcp.port == 7946 && tcp.len > 0 && !tcp.analysis.retransmission' \
  -T fields -e tcp.stream -e tcp.srcport -e tcp.payload 2>/dev/null |
  awk -F'\t' '{ key = $1 "/" $2; if (!(key in bytes)) order[n++] = key; bytes[key] = bytes[key] $3 }
              END { for (i = 0; i < n; i++) print bytes[order[i]] }' >"$work/streams"
datagrams=$(wc -l <"$work/datagrams")
streams=$(wc -l <"$work/streams")
if [ "$datagrams" -lt 10 ] || [ "$streams" -lt 2 ]; then
  echo "expected memberlist traffic in $scenario's capture: $datagrams datagrams, $streams streams"
  exit 1
fi

# One request per datagram, then one per stream; each answer ends with "end".
{
  while read -r hex; do echo "receive-packet - $hex"; done <"$work/datagrams"
  while read -r hex; do echo "read-state - $hex"; done <"$work/streams"
} | "$peer" >"$work/answers"
awk '/^end$/ { n++; next } { print n "\t" $0 }' "$work/answers" >"$work/numbered"

status=0
# The datagrams' plaintexts, decoded as handleCommand does (one compression level opened).
awk -F'\t' -v d="$datagrams" '$1 < d { print "decode " $2 }' "$work/numbered" | "$peer" |
  grep -v '^end$' >"$work/decoded"
grep '^decompressed ' "$work/decoded" | sed 's/^decompressed /decode /' | "$peer" |
  grep -v '^end$' >>"$work/decoded"
# Refusals: of a packet, of a message in it, or of a stream (a fallback ping's stream is not a
# push-pull, the one answer of read-state that is no refusal).
if grep '^error' "$work/decoded" ||
   awk -F'\t' '$2 ~ /^error/ && $2 !~ /not pushPull/' "$work/numbered" | grep .; then
  echo "memberlist refused some of $scenario's memberlist traffic (above)"
  status=1
fi
pushpulls=$(grep -c -P '^\d+\tjoin=' "$work/numbered")
pings=$(grep -c '^&memberlist.ping{' "$work/decoded")
echo "$scenario: memberlist read $datagrams datagrams ($pings pings among their messages) and" \
  "$pushpulls push-pull messages of $streams stream directions"
[ "$pushpulls" -ge 2 ] && [ "$pings" -ge 1 ] || status=1
exit $status
