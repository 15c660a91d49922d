"""The Layer 2 topology the daemon tests share: three nodes and a client on one bridge (eth0,
192.0.2.0/24 and 2001:db8::/64), plus a second bridge (eth1, 198.51.100.0/24) that the daemons are
told not to answer on. Each node carries the VIPs on its loopback with arp_ignore=1, as
kube-proxy's IPVS mode with strictARP leaves a node: its kernel serves traffic to a VIP but never
answers ARP for it, so every ARP reply for a VIP comes from metallabd.
"""

import json
import os
import signal
import subprocess
import time

from netns_lab import Lab, metallb_owner, wait_until

NODES = ["node-1", "node-2", "node-3"]
NODE_V4 = {"node-1": "192.0.2.11", "node-2": "192.0.2.12", "node-3": "192.0.2.13"}
NODE_V6 = {"node-1": "2001:db8::11", "node-2": "2001:db8::12", "node-3": "2001:db8::13"}
NODE_SIDE = {"node-1": "198.51.100.11", "node-2": "198.51.100.12", "node-3": "198.51.100.13"}
CLIENT_V4 = "192.0.2.100"
CLIENT_V6 = "2001:db8::100"
CLIENT_SIDE = "198.51.100.100"
SERVICES = {"svc-a": "192.0.2.200", "svc-b": "192.0.2.201", "svc-c": "192.0.2.202",
            "svc-v6": "2001:db8::200"}
SERVER_PORT = 8080

CONFIG = """\
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lab
  namespace: metallb-system
spec:
  addresses:
  - 192.0.2.200-192.0.2.210
  - 2001:db8::200-2001:db8::20f
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lab
  namespace: metallb-system
"""

# As `kubectl get svc -o yaml` prints one: fields the speaker does not read included.
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: default
  uid: 0b7a6c2e-0000-4000-8000-{uid:012d}
  resourceVersion: "1234"
  annotations:
    metallb.io/ip-allocated-from-pool: lab
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.{uid}
  clusterIPs:
  - 10.96.0.{uid}
  externalTrafficPolicy: Cluster
  internalTrafficPolicy: Cluster
  ipFamilies:
  - {family}
  ipFamilyPolicy: SingleStack
  allocateLoadBalancerNodePorts: true
  ports:
  - name: http
    port: {port}
    protocol: TCP
    targetPort: {port}
    nodePort: {node_port}
  selector:
    app: {name}
  sessionAffinity: None
status:
  loadBalancer:
    ingress:
    - ip: {ip}
"""

SLICE = """\
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: {name}-abcde
  namespace: default
  labels:
    kubernetes.io/service-name: {name}
addressType: {address_type}
endpoints:
{endpoints}ports:
- name: http
  port: {port}
  protocol: TCP
"""

ENDPOINT = """\
- addresses:
  - 10.244.{index}.10
  conditions:
    ready: true
    serving: true
    terminating: false
  nodeName: {node}
"""

NODE = """\
apiVersion: v1
kind: Node
metadata:
  name: {name}
  labels:
    kubernetes.io/hostname: {name}
status:
  conditions:
  - type: Ready
    status: "True"
  - type: NetworkUnavailable
    status: "False"
"""


def write_manifests(directory):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "metallb.yaml"), "w") as out:
        out.write(CONFIG)
    with open(os.path.join(directory, "nodes.yaml"), "w") as out:
        out.write("---\n".join(NODE.format(name=node) for node in NODES))
    documents = []
    for uid, (name, ip) in enumerate(sorted(SERVICES.items()), start=10):
        family = "IPv6" if ":" in ip else "IPv4"
        documents.append(SERVICE.format(name=name, uid=uid, family=family, port=SERVER_PORT,
                                        node_port=30000 + uid, ip=ip))
        endpoints = "".join(ENDPOINT.format(index=index, node=node)
                            for index, node in enumerate(NODES))
        documents.append(SLICE.format(name=name, endpoints=endpoints, port=SERVER_PORT,
                                      address_type=family))
    with open(os.path.join(directory, "services.yaml"), "w") as out:
        out.write("---\n".join(documents))


class Layer2Lab:
    def __init__(self, tag, metallabd, time_limit):
        self.lab = Lab(tag, time_limit)
        self.metallabd = metallabd
        self.daemons = {}
        self.logs = {}
        self.config_dir = {}
        lab = self.lab
        lab.ns("sw")
        lab.bridge("sw", "br0")
        lab.bridge("sw", "br1")
        for index, node in enumerate(NODES, start=1):
            lab.ns(node)
            lab.cable("sw", "br0", f"p{index}", node, "eth0",
                      [f"{NODE_V4[node]}/24", f"{NODE_V6[node]}/64"])
            lab.cable("sw", "br1", f"q{index}", node, "eth1", [f"{NODE_SIDE[node]}/24"])
            # IPVS with strictARP: VIPs are local (on lo), the kernel never answers ARP for them.
            for key in ("all", "eth0", "eth1"):
                lab.sysctl(node, f"net.ipv4.conf.{key}.arp_ignore", "1")
                lab.sysctl(node, f"net.ipv4.conf.{key}.arp_announce", "2")
            for ip in SERVICES.values():
                lab.sh("ip", "-n", lab.name(node), "addr", "add",
                       ip + ("/128" if ":" in ip else "/32"), "dev", "lo")
            self.config_dir[node] = os.path.join(lab.workdir, node)
            write_manifests(self.config_dir[node])
        lab.ns("client")
        lab.cable("sw", "br0", "pc", "client", "eth0", [f"{CLIENT_V4}/24", f"{CLIENT_V6}/64"])
        lab.cable("sw", "br1", "qc", "client", "eth1", [f"{CLIENT_SIDE}/24"])
        self.macs = {node: lab.mac(node, "eth0") for node in NODES}
        self.side_macs = {node: lab.mac(node, "eth1") for node in NODES}

    def owner(self, ip, nodes=NODES):
        return metallb_owner(nodes, ip)

    def start(self, node, *extra):
        log = os.path.join(self.lab.workdir, f"{node}.log")
        self.logs[node] = log
        argv = [self.metallabd, "--node", node, "--config", self.config_dir[node],
                "--interface", "eth0", "--metrics", "127.0.0.1:7472"]
        for other in NODES:
            argv += ["--join", NODE_V4[other]]
        self.daemons[node] = self.lab.spawn(node, *argv, *extra, log=log)
        return self.daemons[node]

    def http_get(self, node, path):
        """The body of http://127.0.0.1:7472PATH in `node`'s namespace, or None."""
        result = self.lab.run(node, "python3", "-c",
                              "import urllib.request,sys;"
                              "sys.stdout.write(urllib.request.urlopen("
                              f"'http://127.0.0.1:7472{path}',timeout=2).read().decode())",
                              check=False, timeout=5)
        return result.stdout if result.returncode == 0 else None

    def status(self, node):
        body = self.http_get(node, "/status")
        try:
            return json.loads(body) if body else None
        except ValueError:
            return None

    def metrics(self, node):
        return self.http_get(node, "/metrics") or ""

    def alive_members(self, node):
        status = self.status(node)
        if status is None:
            return set()
        return {m["name"] for m in status["members"] if m["state"] in ("alive", "suspect")}

    def wait_converged(self, nodes=NODES, timeout=20):
        wanted = set(nodes)
        for node in nodes:
            wait_until(lambda n=node: self.alive_members(n) == wanted, timeout,
                       interval=0.1, what=f"{node} to see {sorted(wanted)} alive")

    def stop(self, node, sig=signal.SIGTERM, timeout=10):
        process = self.daemons.pop(node)
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
        return process.returncode

    def log_text(self, node):
        with open(self.logs[node]) as log:
            return log.read()

    def arping(self, ip, interface="eth0", count=3, target_mac=None):
        """The MACs that answered `count` ARP requests for `ip` from the client."""
        argv = ["arping", "-c", str(count), "-w", "1", "-i", interface]
        if target_mac:
            argv += ["-t", target_mac]
        result = self.lab.run("client", *argv, ip, check=False, timeout=count * 2 + 5)
        macs = []
        for line in result.stdout.splitlines():
            # "60 bytes from 02:aa:bb:cc:dd:ee (192.0.2.200): index=0 time=41.2 usec"
            if " bytes from " in line:
                macs.append(line.split(" bytes from ")[1].split()[0].lower())
        return macs

    def close(self):
        self.lab.close()

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()
