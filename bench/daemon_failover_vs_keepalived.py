#!/usr/bin/env python3
"""metallabd's Layer 2 failover beside keepalived's, on the same bridge, in the same run.

The lab of tests/daemon (three nodes, a client). metallabd runs on every node and announces
192.0.2.200 (owner node-2); keepalived runs a VRRP pair for 192.0.2.230 on node-1 (priority 150,
the master) and node-3 (100). VRRPv3, which takes sub-second advert_int (v2 rounds it to whole seconds). The client pings
both addresses every 200 ms. Each fault is
repeated: SIGKILL of the announcer (metallabd on node-2, keepalived on node-1) and the
announcer's cable cut. Measured: from the fault until the client kernel's neighbour entry for
the address points at the new owner (`ip -ts monitor neigh`). Usage:
  daemon_failover_vs_keepalived.py METALLABD [--repetitions N] [--timers fast|default]
                                   [--advert-int SECONDS]
"""

import argparse
import datetime
import json
import os
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "daemon"))
from layer2_failover_test import TIMERS, daemon_flags  # noqa: E402
from layer2_lab import NODES, Layer2Lab  # noqa: E402
from netns_lab import require_environment, wait_until  # noqa: E402

VIP = "192.0.2.200"
VRRP_VIP = "192.0.2.230"
KEEPALIVED = """\
global_defs {{
  router_id {name}
  vrrp_version 3
}}
vrrp_instance lab {{
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority {priority}
  advert_int {advert_int}
  virtual_ipaddress {{
    {vip}/24 dev eth0
  }}
}}
"""


class NeighbourLog:
    def __init__(self, lab):
        self.path = os.path.join(lab.lab.workdir, "neigh-bench.log")
        lab.lab.spawn("client", "ip", "-ts", "monitor", "neigh", log=self.path)

    def first_change(self, ip, since, mac):
        with open(self.path) as log:
            for line in log:
                if line.startswith("[") and f"{ip} " in line and f"lladdr {mac}" in line:
                    at = datetime.datetime.fromisoformat(line[1:line.index("]")]).replace(
                        tzinfo=datetime.timezone.utc).timestamp()
                    if at >= since:
                        return at
        return None


def current_mac(lab, ip):
    entries = json.loads(lab.lab.run("client", "ip", "-j", "neigh", "show", ip).stdout or "[]")
    return entries[0].get("lladdr") if entries else None


def kill_keepalived(lab, node):
    """Every keepalived process of `node`'s namespace: its VRRP child survives the parent."""
    pids = lab.lab.sh("ip", "netns", "pids", lab.lab.name(node)).stdout.split()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "keepalived":
                    os.kill(int(pid), signal.SIGKILL)
        except (FileNotFoundError, ProcessLookupError):
            pass


def start_keepalived(lab, node, priority, advert_int):
    config = os.path.join(lab.lab.workdir, f"keepalived-{node}.conf")
    with open(config, "w") as f:
        f.write(KEEPALIVED.format(name=node, priority=priority, advert_int=advert_int,
                                  vip=VRRP_VIP))
    start_keepalived.count = getattr(start_keepalived, "count", 0) + 1
    pid = os.path.join(lab.lab.workdir, f"keepalived-{node}-{start_keepalived.count}")
    return lab.lab.spawn(node, "keepalived", "-n", "-l", "-G", "-f", config, "-p", pid + ".pid",
                         "-r", pid + ".vrrp.pid", "-c", pid + ".check.pid",
                         log=os.path.join(lab.lab.workdir, f"keepalived-{node}.log"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("metallabd")
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--timers", choices=sorted(TIMERS), default="fast")
    parser.add_argument("--advert-int", default="0.1")
    args = parser.parse_args()
    require_environment("keepalived", "ping")
    priorities = {"node-1": 150, "node-3": 100}
    results = {}
    with Layer2Lab("ka", args.metallabd, time_limit=120 + 60 * args.repetitions) as lab:
        for node in NODES:
            lab.start(node, *daemon_flags(args.timers))
        lab.wait_converged()
        keepalived = {node: start_keepalived(lab, node, prio, args.advert_int)
                      for node, prio in priorities.items()}
        neighbours = NeighbourLog(lab)
        for ip in (VIP, VRRP_VIP):
            lab.lab.spawn("client", "ping", "-i", "0.2", ip)
        cases = [("metallabd", "sigkill", VIP, "node-2", "node-3"),
                 ("metallabd", "linkdown", VIP, "node-2", "node-3"),
                 ("keepalived", "sigkill", VRRP_VIP, "node-1", "node-3"),
                 ("keepalived", "linkdown", VRRP_VIP, "node-1", "node-3")]
        for who, kind, ip, owner, heir in cases:
            times = []
            for _ in range(args.repetitions):
                wait_until(lambda: current_mac(lab, ip) == lab.macs[owner], 60, interval=0.2,
                           what=f"{ip} on {owner}")
                time.sleep(1.0)
                start = time.time()
                if kind == "linkdown":
                    lab.lab.sh("ip", "-n", lab.lab.name(owner), "link", "set", "eth0", "down")
                elif who == "metallabd":
                    lab.stop(owner, signal.SIGKILL)
                else:
                    kill_keepalived(lab, owner)
                moved = wait_until(lambda: neighbours.first_change(ip, start, lab.macs[heir]), 30,
                                   what=f"{ip} to move to {heir}")
                times.append(moved - start)
                print(f"{who} {kind}: {times[-1]:.3f}s", flush=True)
                if kind == "linkdown":
                    lab.lab.sh("ip", "-n", lab.lab.name(owner), "link", "set", "eth0", "up")
                if who == "metallabd":
                    if owner in lab.daemons:
                        lab.stop(owner, signal.SIGKILL)
                    lab.start(owner, *daemon_flags(args.timers))
                    lab.wait_converged(timeout=30)
                    continue
                kill_keepalived(lab, owner)
                # A killed keepalived leaves its address behind: the restarted one adds it again.
                lab.lab.sh("ip", "-n", lab.lab.name(owner), "addr", "del", f"{VRRP_VIP}/24",
                           "dev", "eth0", check=False)
                keepalived[owner] = start_keepalived(lab, owner, priorities[owner],
                                                     args.advert_int)
            results[(who, kind)] = times
    print(f"\nmedian / p95 of {args.repetitions}; metallabd with {args.timers} memberlist timers, "
          f"keepalived advert_int {args.advert_int} s:")
    for (who, kind), times in results.items():
        ordered = sorted(times)
        print(f"  {who:10s} {kind:8s} {statistics.median(times):.3f} s / "
              f"{ordered[int(0.95 * (len(ordered) - 1))]:.3f} s")


if __name__ == "__main__":
    main()
