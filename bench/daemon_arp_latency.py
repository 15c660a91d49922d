#!/usr/bin/env python3
"""metallabd's ARP reply latency beside the Linux kernel's, and an ARP flood, in network
namespaces (the lab of tests/daemon: three nodes and a client on one bridge).

Latency: the client sends COUNT ARP requests one at a time, alternating between node-2's own
address (answered by node-2's kernel) and a VIP node-2 owns (answered by metallabd on the same
interface), and prints p50/p90/p99 of each and their ratio.
Flood: RATE requests per second for SECONDS, spread over two owned VIPs and two addresses nobody
owns; prints the replies per address, each daemon's CPU use, and whether the membership held.
Usage:
  daemon_arp_latency.py METALLABD PROBE [--count N] [--flood-rate R] [--flood-seconds S]
                        [--check-p50-below-ms MS]
With --check-p50-below-ms (the test suite's daemon:arp_reply_latency) it exits 1 when
metallabd's p50 is not below that, and skips the flood.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "daemon"))
from layer2_lab import NODE_V4, NODES, SERVICES, Layer2Lab  # noqa: E402
from netns_lab import require_environment  # noqa: E402


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("metallabd")
    parser.add_argument("probe")
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--flood-rate", type=int, default=50000)
    parser.add_argument("--flood-seconds", type=int, default=10)
    parser.add_argument("--check-p50-below-ms", type=float)
    args = parser.parse_args()
    require_environment()
    with Layer2Lab("lat", args.metallabd, time_limit=120 + args.count // 500) as lab:
        for node in NODES:
            lab.start(node)
        lab.wait_converged()
        vip = SERVICES["svc-a"]
        owner = lab.owner(vip)
        kernel_ip = NODE_V4[owner]
        result = lab.lab.run("client", args.probe, "probe", "eth0", str(args.count), kernel_ip,
                             vip, timeout=60 + args.count // 100)
        latency = json.loads(result.stdout)
        kernel, daemon = latency[kernel_ip], latency[vip]
        print(f"ARP replies from {owner}, {args.count} requests alternating:")
        for name, row in (("kernel", kernel), ("metallabd", daemon)):
            print(f"  {name:9s} p50 {row['p50_us']:.1f} µs  p90 {row['p90_us']:.1f} µs  "
                  f"p99 {row['p99_us']:.1f} µs  ({row['answered']} answered, {row['lost']} lost)")
        print(f"  ratio     p50 {daemon['p50_us'] / kernel['p50_us']:.2f}×  "
              f"p99 {daemon['p99_us'] / kernel['p99_us']:.2f}×", flush=True)
        if args.check_p50_below_ms is not None:
            limit = args.check_p50_below_ms * 1000
            if not 0 < daemon["p50_us"] < limit:
                print(f"FAIL: metallabd's p50 {daemon['p50_us']:.1f} µs is not below {limit} µs")
                sys.exit(1)
            print("PASS")
            return

        owned = [SERVICES["svc-a"], SERVICES["svc-b"]]
        unowned = ["192.0.2.250", "192.0.2.251"]
        pids = {node: lab.daemons[node].pid for node in NODES}
        before = {node: cpu_seconds(pid) for node, pid in pids.items()}
        started = time.monotonic()
        result = lab.lab.run("client", args.probe, "flood", "eth0", str(args.flood_rate),
                             str(args.flood_seconds), *owned, *unowned,
                             timeout=args.flood_seconds + 30)
        elapsed = time.monotonic() - started
        flood = json.loads(result.stdout)
        print(f"\nARP flood: {flood['sent']} requests in {flood['seconds']} s "
              f"({flood['sent'] / flood['seconds']:.0f}/s) for {owned + unowned}:")
        for ip, count in flood["replies"].items():
            print(f"  replies for {ip}: {count}")
        for node in NODES:
            used = cpu_seconds(pids[node]) - before[node]
            print(f"  {node}: {used:.2f} s CPU ({100 * used / elapsed:.0f} % of one core)")
        alive = all(lab.alive_members(node) == set(NODES) for node in NODES)
        print(f"  membership after the flood: {'all three alive everywhere' if alive else 'BROKEN'}")
        if any(flood["replies"][ip] for ip in unowned) or not alive:
            sys.exit(1)


if __name__ == "__main__":
    main()
