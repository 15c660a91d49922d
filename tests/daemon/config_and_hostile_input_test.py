#!/usr/bin/env python3
"""metallabd under configuration changes and hostile input, in network namespaces.

Checked: a Service's new IP is answered and its old one no longer; a half-written manifest, a
symbolic-link loop and an invalid pool are refused with file:line:column in the log while the
previous configuration keeps answering (metallb_k8s_client_config_stale_bool 1, /status
stale); a deleted manifest withdraws its Services (a legitimate change); malformed ARP and NDP
frames and garbage memberlist datagrams from a stranger crash nothing, lose no member and no
announcement, and are logged at a bounded rate. Usage: config_and_hostile_input_test.py METALLABD
[METALLAB]
"""

import os
import re
import sys
import time

from layer2_lab import CLIENT_V4, NODE_V4, NODES, SERVICES, Layer2Lab
from netns_lab import require_environment, wait_until

HERE = os.path.dirname(os.path.abspath(__file__))


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"ok: {message}", flush=True)


def stale(lab, node):
    status = lab.status(node)
    return status is not None and status["config"]["stale"]


def answered_by(lab, ip):
    return set(lab.arping(ip, count=2))


def main():
    require_environment("arping")
    with Layer2Lab("cfg", sys.argv[1], time_limit=150) as lab:
        for node in NODES:
            lab.start(node)
        lab.wait_converged()
        ip = SERVICES["svc-a"]
        owner = lab.owner(ip)
        wait_until(lambda: answered_by(lab, ip) == {lab.macs[owner]}, 10, what=f"{ip} answered")

        # A Service moves to another IP: every daemon reads it, the new owner answers.
        new_ip = "192.0.2.205"
        for node in NODES:
            path = os.path.join(lab.config_dir[node], "services.yaml")
            with open(path) as f:
                text = f.read()
            with open(path + ".tmp", "w") as f:
                f.write(text.replace(f"- ip: {ip}\n", f"- ip: {new_ip}\n"))
            os.rename(path + ".tmp", path)
        new_owner = lab.owner(new_ip)
        wait_until(lambda: answered_by(lab, new_ip) == {lab.macs[new_owner]}, 10,
                   what=f"{new_ip} answered after the change")
        old = answered_by(lab, ip)
        check(old == set(), f"{ip} is no longer answered once svc-a moved: {old} "
              f"{[lab.status(n) for n in NODES] if old else ''}")
        check(True, f"svc-a's new IP {new_ip} is answered by {new_owner}")

        # Bad files: each refused, the previous configuration keeps answering.
        node = new_owner
        directory = lab.config_dir[node]
        bad_files = {
            "half-written.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels: {a: [",
            "bad-pool.yaml": ("apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n"
                              "  name: bad\n  namespace: metallb-system\nspec:\n"
                              "  addresses: [192.0.2.300-192.0.2.301]\n"),
        }
        for name, text in bad_files.items():
            with open(os.path.join(directory, name), "w") as f:
                f.write(text)
            wait_until(lambda: stale(lab, node), 5, what=f"{name} to be refused")
            check(answered_by(lab, new_ip) == {lab.macs[node]},
                  f"with {name} refused, {node} still answers {new_ip}")
            log = lab.log_text(node)
            check(re.search(re.escape(name) + r":\d+:\d+: ", log) and
                  "configuration refused" in log,
                  f"the log names {name} with its line and column")
            os.remove(os.path.join(directory, name))
            wait_until(lambda: not stale(lab, node), 5, what=f"recovery after removing {name}")
        os.symlink("loop-b.yaml", os.path.join(directory, "loop-a.yaml"))
        os.symlink("loop-a.yaml", os.path.join(directory, "loop-b.yaml"))
        wait_until(lambda: stale(lab, node), 5, what="a symbolic-link loop to be refused")
        check(answered_by(lab, new_ip) == {lab.macs[node]},
              f"with a symbolic-link loop refused, {node} still answers {new_ip}")
        metrics = lab.metrics(node)
        check("metallb_k8s_client_config_stale_bool 1" in metrics,
              "metallb_k8s_client_config_stale_bool is 1 while a bad file is there")
        os.remove(os.path.join(directory, "loop-a.yaml"))
        os.remove(os.path.join(directory, "loop-b.yaml"))
        wait_until(lambda: not stale(lab, node), 5, what="recovery after the loop")

        # Deleting the Services' file withdraws them: a change, not an error.
        services = os.path.join(directory, "services.yaml")
        os.rename(services, os.path.join(lab.lab.workdir, "services.saved"))
        wait_until(lambda: lab.status(node) and not lab.status(node)["services"], 5,
                   what="the deleted Services to be dropped")
        check(not stale(lab, node), "a deleted manifest is a change, not a refused one")
        os.rename(os.path.join(lab.lab.workdir, "services.saved"), services)
        wait_until(lambda: answered_by(lab, new_ip) == {lab.macs[node]}, 10,
                   what=f"{new_ip} answered again once the file is back")

        # Hostile frames and datagrams from the client, a stranger to the cluster.
        result = lab.lab.run("client", "python3", os.path.join(HERE, "send_junk.py"), "eth0",
                             "3000", *NODE_V4.values(), timeout=60)
        print(result.stdout.strip(), flush=True)
        time.sleep(1)
        for each in NODES:
            check(lab.daemons[each].poll() is None, f"{each}'s daemon survived the junk")
        lab.wait_converged(timeout=10)
        check(answered_by(lab, new_ip) == {lab.macs[node]},
              f"{node} still answers {new_ip} after the junk")
        for each in NODES:
            rejected = sum(1 for line in lab.log_text(each).splitlines()
                           if "membership datagram rejected" in line)
            check(0 < rejected <= 30, f"{each} logged {rejected} rejected datagrams (rate-limited)")
        for each in NODES:
            check(lab.stop(each) == 0, f"{each} exits 0 on SIGTERM")
    print("PASS", flush=True)


if __name__ == "__main__":
    main()
