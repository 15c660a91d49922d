#!/usr/bin/env python3
"""metallabd answers ARP and NDP for the VIPs it owns, and only those, in network namespaces.

Three node namespaces run metallabd with the same manifests; a client namespace asks. Checked:
arping and the client kernel's neighbour table resolve each VIP to the MAC of the node MetalLB
elects (the smallest SHA-256 of "<node>#<ip>"); no other node answers; nobody answers for node
addresses but the node's own kernel; nothing is answered on an interface not selected with
--interface; a Neighbor Solicitation for the IPv6 VIP is answered by its owner, from its
link-local address as MetalLB answers: the client kernel resolves it, ndisc6 drops it (it keeps
only answers from the target address, which it does get for a node's own address); unicast
probes (ARP to the owner's MAC, the kernel's NUD probe of a stale IPv6 entry) are answered;
/metrics, /status, metallabd status, /healthz and /readyz agree; the daemon keeps only
CAP_NET_RAW.
Usage: layer2_answers_test.py METALLABD [METALLAB]
"""

import os
import sys

from layer2_lab import (CLIENT_V6, NODE_V4, NODE_V6, NODES, SERVICES, Layer2Lab)
from netns_lab import require_environment, wait_until

SOLICIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "solicit_neighbour.py")


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"ok: {message}", flush=True)


def main():
    require_environment("arping", "ping", "ndisc6")
    metallabd = sys.argv[1]
    with Layer2Lab("l2", metallabd, time_limit=120) as lab_handle:
        lab = lab_handle
        for node in NODES:
            lab.start(node)
        lab.wait_converged()
        print("ok: the three daemons see each other alive", flush=True)

        owners = {name: lab.owner(ip) for name, ip in SERVICES.items()}
        v4 = {name: ip for name, ip in SERVICES.items() if ":" not in ip}
        for name, ip in sorted(v4.items()):
            owner = owners[name]
            macs = wait_until(lambda ip=ip: lab.arping(ip, count=2), 10,
                              what=f"ARP replies for {ip}")
            check(set(macs) == {lab.macs[owner]},
                  f"{ip} ({name}) answered by {owner} only: {macs}")

        for name, ip in sorted(v4.items()):
            lab.lab.run("client", "ping", "-c", "1", "-W", "1", ip, check=False)
            neigh = lab.lab.run("client", "ip", "-j", "neigh", "show", ip, "dev", "eth0").stdout
            check(lab.macs[owners[name]] in neigh.lower(),
                  f"the client kernel resolves {ip} to {owners[name]}: {neigh.strip()}")

        for node in NODES:
            macs = lab.arping(NODE_V4[node], count=2)
            check(set(macs) == {lab.macs[node]},
                  f"{NODE_V4[node]} answered by its own kernel only: {macs}")

        for name, ip in sorted(v4.items()):
            macs = lab.arping(ip, interface="eth1", count=2)
            check(macs == [], f"nothing answers {ip} on the unselected eth1: {macs}")

        v6_name, v6_ip = next((n, ip) for n, ip in SERVICES.items() if ":" in ip)
        v6_owner = owners[v6_name]
        answers = lab.lab.run("client", "python3", SOLICIT, "eth0", v6_ip, "1.5").stdout.split("\n")
        answers = [a.split() for a in answers if a]
        check(answers and all(a[1] == lab.macs[v6_owner] and "S" in a[2] for a in answers),
              f"a Neighbor Solicitation for {v6_ip} is answered by {v6_owner} only, solicited: "
              f"{answers}")
        check(all(a[0].startswith("fe80:") for a in answers),
              "the advertisement comes from the link-local address, as MetalLB's")
        # ndisc6 itself: it resolves a node's own address (the kernel answers from the target
        # address), and drops the VIP's advertisement, whose source is the owner's link-local
        # address (RFC 4861 §7.2.4 allows any of the interface's addresses; MetalLB's ndp.go
        # dials from the link-local one; ndisc6 1.0.5 keeps only answers from the target). So
        # ndisc6 cannot show a MetalLB IPv6 VIP's owner: the client kernel, which follows the
        # RFC, is the resolver that matters.
        found = lab.lab.run("client", "ndisc6", "-1", "-r", "2", "-w", "500", NODE_V6["node-1"],
                            "eth0", check=False, timeout=10).stdout.lower()
        check(lab.macs["node-1"] in found,
              f"ndisc6 resolves {NODE_V6['node-1']} (node-1's kernel answers): {found.strip()}")
        found = lab.lab.run("client", "ndisc6", "-1", "-r", "2", "-w", "500", v6_ip, "eth0",
                            check=False, timeout=10).stdout.lower()
        check(lab.macs[v6_owner] not in found,
              f"ndisc6 drops the link-local-sourced answer for {v6_ip}, as it would MetalLB's: "
              f"{found.strip()}")
        lab.lab.run("client", "ping", "-6", "-c", "1", "-W", "1", v6_ip, check=False)
        neigh = lab.lab.run("client", "ip", "-6", "neigh", "show", v6_ip, "dev", "eth0").stdout
        check(lab.macs[v6_owner] in neigh.lower(),
              f"the client kernel resolves {v6_ip} to {v6_owner}: {neigh.strip()}")

        name, ip = sorted(v4.items())[0]
        owner = owners[name]
        macs = lab.arping(ip, count=2, target_mac=lab.macs[owner])
        check(macs and set(macs) == {lab.macs[owner]},
              f"a unicast ARP request to {owner}'s MAC is answered: {macs}")
        other = next(node for node in NODES if node != owner)
        macs = lab.arping(ip, count=2, target_mac=lab.macs[other])
        check(macs == [], f"a unicast ARP request to {other} (not the owner) is not answered")

        # The kernel's own unicast NUD probe: a stale entry, one packet, and the probe after
        # delay_first_probe_time (set to 1 s) must turn it REACHABLE.
        lab.lab.sysctl("client", "net.ipv6.neigh.eth0.delay_first_probe_time", "1")
        lab.lab.run("client", "ping", "-6", "-c", "1", "-W", "1", v6_ip, check=False)
        lab.lab.run("client", "ip", "-6", "neigh", "change", v6_ip, "lladdr",
                    lab.macs[v6_owner], "dev", "eth0", "nud", "stale")
        lab.lab.run("client", "ping", "-6", "-c", "1", "-W", "1", v6_ip, check=False)

        def reachable():
            out = lab.lab.run("client", "ip", "-6", "neigh", "show", v6_ip, "dev",
                              "eth0").stdout
            return "REACHABLE" in out and out

        state = wait_until(reachable, 8, interval=0.2, what=f"NUD to confirm {v6_ip}")
        check(True, f"the unicast NUD probe for {v6_ip} is answered: {state.strip()}")

        metrics = lab.metrics(owner)
        check(f'metallb_layer2_requests_received{{ip="{ip}"}}' in metrics or
              wait_until(lambda: f'metallb_layer2_requests_received{{ip="{ip}"}}'
                         in lab.metrics(owner), 3, what="layer2 metrics"),
              f"{owner}'s /metrics counts the requests for {ip}")
        check(f'metallb_speaker_announced{{ip="{ip}",node="{owner}"' in lab.metrics(owner),
              f"{owner}'s /metrics has metallb_speaker_announced for {ip}")
        check(f'ip="{ip}",node="{other}"' not in lab.metrics(other),
              f"{other}'s /metrics does not announce {ip}")
        status = lab.status(other)
        entry = next(s for s in status["services"] if s["service"] == f"default/{name}")
        check(not entry["announced"] and entry.get("reason") == "notOwner" and
              entry.get("owner") == owner,
              f"{other}'s /status says notOwner ({owner}) for {name}")
        text = lab.lab.run(other, lab.metallabd, "status", "--metrics", "127.0.0.1:7472").stdout
        check(f"default/{name}" in text and f"notOwner ({owner})" in text,
              f"metallabd status on {other} prints notOwner ({owner}) for {name}")
        for path, body in (("/healthz", "ok"), ("/readyz", "ready")):
            result = lab.lab.run(other, "python3", "-c",
                                 "import urllib.request,sys;r=urllib.request.urlopen("
                                 f"'http://127.0.0.1:7472{path}',timeout=2);"
                                 "sys.stdout.write(str(r.status)+' '+r.read().decode())")
            check(result.stdout.startswith("200 " + body), f"{path} answers 200 {body}")
        with open(f"/proc/{lab.daemons[owner].pid}/status") as f:
            caps = {k: int(v, 16) for k, v in (line.split(":") for line in f
                                               if line.startswith(("CapEff", "CapPrm")))}
        check(all(value == 1 << 13 for value in caps.values()),
              f"{owner}'s daemon keeps only CAP_NET_RAW: {caps}")
        for node in NODES:
            check(lab.stop(node) == 0, f"{node} exits 0 on SIGTERM")
    print("PASS", flush=True)


if __name__ == "__main__":
    main()
