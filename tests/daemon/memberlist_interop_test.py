#!/usr/bin/env python3
"""metallabd and real hashicorp/memberlist nodes in one cluster, in network namespaces.

node-1 and node-2 run metallabd; node-3 runs memberlist_peer, a node of Debian's memberlist
library configured as MetalLB's speaker configures it. Checked, without encryption and then
with MetalLB's key from the `memberlist` Secret: all three see each other alive; SIGKILL of the
real node is detected by both metallabd nodes, and SIGKILL of a metallabd node by the real one;
a real node with the wrong key is never a member, and metallabd logs what it rejected; a forged
plaintext "node-2 is dead" from a stranger changes nothing; Lifeguard's nacks go both ways (the
real node's health score, and metallabd's, stay put while a dead member is probed). Fast
memberlist timers (200 ms probes) keep it short. Usage: memberlist_interop_test.py METALLABD
[METALLAB]
"""

import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

from layer2_lab import NODE_V4, Layer2Lab
from netns_lab import require_environment, skip, wait_until

HERE = os.path.dirname(os.path.abspath(__file__))
# Fast timers keep it short. The probe interval is four probe timeouts: a helper nacks one
# probe timeout after it was asked, itself one probe timeout into the probe, so only with an
# interval longer than two timeouts does a nack arrive while the prober still counts them
# (with memberlist's defaults, 1 s and 500 ms, it never does: docs/membership.md).
TIMERS = ["--memberlist-probe-interval", "200ms", "--memberlist-probe-timeout", "50ms",
          "--memberlist-gossip-interval", "50ms"]
GO_TIMERS = ["-probe-interval", "200ms", "-probe-timeout", "50ms", "-gossip-interval", "50ms"]
DAEMONS = ["node-1", "node-2"]
PEER = "node-3"
ALL = {"node-1", "node-2", "node-3"}


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"ok: {message}", flush=True)


def build_peer(workdir):
    if shutil.which("go") is None:
        skip("go is not installed (golang-go; scripts/install-deps installs it)")
    if not os.path.isdir("/usr/share/gocode/src/github.com/hashicorp/memberlist"):
        skip("golang-github-hashicorp-memberlist-dev is not installed")
    binary = os.path.join(workdir, "memberlist_peer")
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOFLAGS="",
               GOENV="off", GOCACHE=os.path.join(workdir, "go-cache"))
    subprocess.run(["go", "build", "-o", binary, "."], cwd=os.path.join(HERE, "memberlist_peer"),
                   env=env, check=True, timeout=300)
    return binary


class Peer:
    """The real memberlist node's output, read as it grows."""

    def __init__(self, lab, binary, secret="", name=PEER):
        self.log = os.path.join(lab.lab.workdir, f"peer-{name}-{len(os.listdir(lab.lab.workdir))}.log")
        argv = [binary, "-name", name, "-bind", NODE_V4[PEER], "-join",
                f"{NODE_V4['node-1']},{NODE_V4['node-2']}", *GO_TIMERS]
        if secret:
            argv += ["-secret", secret]
        self.process = lab.lab.spawn(PEER, *argv, log=self.log)

    def entries(self):
        """The JSON lines written so far (a line cut short by a running write is skipped)."""
        with open(self.log) as f:
            for line in f:
                try:
                    yield json.loads(line)
                except ValueError:
                    continue

    def members(self):
        last = set()
        for entry in self.entries():
            if "members" in entry:
                last = set(entry["members"] or [])
        return last

    def health_since(self, since):
        """The health scores the real node reported at or after wall time `since`."""
        return [entry["health"] for entry in self.entries()
                if "health" in entry and entry.get("at", 0) >= since]

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=5)


def forged_dead(node, incarnation):
    """memberlist's dead message (type 5), msgpack {Incarnation, Node, From}, unencrypted."""
    def fixstr(text):
        return bytes([0xa0 | len(text)]) + text.encode()
    body = (b"\x83" + fixstr("Incarnation") + b"\xce" + struct.pack("!I", incarnation) +
            fixstr("Node") + fixstr(node) + fixstr("From") + fixstr(node))
    return b"\x05" + body


def write_secret(lab, secret):
    for node in DAEMONS:
        with open(os.path.join(lab.config_dir[node], "memberlist-secret.yaml"), "w") as f:
            f.write("apiVersion: v1\nkind: Secret\nmetadata:\n  name: memberlist\n"
                    "  namespace: metallb-system\ndata:\n"
                    f"  secretkey: {base64.b64encode(secret.encode()).decode()}\n")


def run_phase(lab, binary, secret):
    tag = "encrypted" if secret else "plain"
    write_secret(lab, secret) if secret else None
    for node in DAEMONS:
        lab.start(node, *TIMERS)
    peer = Peer(lab, binary, secret)
    for node in DAEMONS:
        wait_until(lambda n=node: lab.alive_members(n) == ALL, 20, interval=0.1,
                   what=f"{node} to see all three alive ({tag})")
    wait_until(lambda: peer.members() == ALL, 20, interval=0.1,
               what=f"the real memberlist node to see all three ({tag})")
    check(True, f"{tag}: metallabd and the real memberlist form one cluster of three")

    peer.kill()
    for node in DAEMONS:
        wait_until(lambda n=node: PEER not in lab.alive_members(n), 15, interval=0.1,
                   what=f"{node} to see the killed real node dead")
    check(True, f"{tag}: SIGKILL of the real node is detected by both metallabd nodes")

    peer = Peer(lab, binary, secret)
    wait_until(lambda: peer.members() == ALL and all(lab.alive_members(n) == ALL
                                                     for n in DAEMONS), 20, interval=0.1,
               what=f"the real node to rejoin ({tag})")
    health_before = peer.health_since(time.time() - 0.5)
    node2_log_before = len(lab.log_text("node-2"))
    killed_at = time.time()
    lab.stop("node-1", signal.SIGKILL)
    wait_until(lambda: "node-1" not in peer.members(), 15, interval=0.1,
               what="the real node to see the killed metallabd node gone")
    check(True, f"{tag}: SIGKILL of a metallabd node is detected by the real node")
    # Lifeguard: the real node's failed probes of node-1 asked node-2 (metallabd) for a nack.
    # Had none come, each failed probe would have raised the real node's health score (with
    # metallabd's nack disabled it rose three times in the window). One rise is allowed: a
    # refute (someone briefly suspecting the real node on a busy machine) adds 1 as well.
    time.sleep(0.5)
    after = peer.health_since(killed_at)
    scores = health_before[-1:] + after
    rises = sum(1 for a, b in zip(scores, scores[1:]) if b > a)
    check(health_before and after and rises <= 1,
          f"{tag}: metallabd nacked the real node's indirect probes (its health score rose "
          f"{rises} times: {health_before[-1:]}, then {after})")
    check('"event":"health"' not in lab.log_text("node-2")[node2_log_before:],
          f"{tag}: and the real node nacked metallabd's: node-2's health did not move")
    lab.start("node-1", *TIMERS)
    wait_until(lambda: peer.members() == ALL, 20, interval=0.1, what="node-1 back")
    return peer


def main():
    require_environment()
    with Layer2Lab("ml", sys.argv[1], time_limit=240) as lab:
        binary = build_peer(lab.lab.workdir)
        peer = run_phase(lab, binary, secret="")
        peer.kill()
        for node in list(lab.daemons):
            lab.stop(node)

        secret = "metallab-interop-secret-0123456789"
        peer = run_phase(lab, binary, secret=secret)

        # A stranger's forged, unencrypted "node-2 is dead" changes nothing.
        forged = forged_dead("node-2", 99)
        lab.lab.run("client", "python3", "-c",
                    "import socket,sys;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);"
                    f"[s.sendto(bytes.fromhex('{forged.hex()}'),(a,7946)) for a in sys.argv[1:] "
                    "for _ in range(20)]", *NODE_V4.values())
        wait_until(lambda: any("membership datagram rejected" in lab.log_text(n) for n in DAEMONS),
                   5, what="the forged datagram to be rejected")
        check(all(lab.alive_members(n) == ALL for n in DAEMONS) and peer.members() == ALL,
              "encrypted: a forged plaintext death notice from a stranger changes nothing")

        # A real node with another key never becomes a member.
        peer.kill()
        for node in DAEMONS:
            wait_until(lambda n=node: PEER not in lab.alive_members(n), 15, interval=0.1,
                       what="the real node gone before the wrong-key one starts")
        def rejected_count(node):
            for line in lab.metrics(node).splitlines():
                if line.startswith('metallab_memberlist_events_total{kind="malformed"}'):
                    return float(line.split()[-1])
            return 0.0

        before = {n: rejected_count(n) for n in DAEMONS}
        wrong = Peer(lab, binary, "another-secret-entirely-0123456789")
        time.sleep(3)
        check(all(PEER not in lab.alive_members(n) for n in DAEMONS),
              "encrypted: a real node with the wrong key is not a member of metallabd's view")
        check(wrong.members() <= {PEER}, f"the wrong-key node sees only itself: {wrong.members()}")
        check(all(rejected_count(n) > before[n] for n in DAEMONS),
              "metallabd counted the wrong-key node's datagrams as rejected: "
              f"{ {n: rejected_count(n) - before[n] for n in DAEMONS} }")
        wait_until(lambda: all(f"from {NODE_V4[PEER]}" in lab.log_text(n) or
                               "more membership datagrams rejected" in lab.log_text(n)
                               for n in DAEMONS), 15, interval=0.5,
                   what="the wrong-key node's datagrams in the log (or the rate limit's count)")
        check(True, "and logged them (one by one, or counted by the rate limit)")
        for node in list(lab.daemons):
            check(lab.stop(node) == 0, f"{node} exits 0 on SIGTERM")
    print("PASS", flush=True)


if __name__ == "__main__":
    main()
