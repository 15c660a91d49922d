"""Network-namespace labs for metallabd's real-socket tests.

A Lab creates its own namespaces (named after the test and the process id, so parallel tests do
not collide), a switch namespace holding Linux bridges, and veth pairs between them. It uses
documentation addresses only and never touches the host's own interfaces: every link lives in a
namespace the lab created, and deleting the namespaces on exit (normal, exception, SIGTERM,
SIGINT, or the global time-out) deletes every link with them.
"""

import atexit
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77  # ctest's SKIP_RETURN_CODE


def skip(reason):
    print(f"SKIP: {reason}", flush=True)
    sys.exit(SKIP)


def require_environment(*tools):
    if os.geteuid() != 0:
        skip("needs root to create network namespaces")
    for tool in ("ip",) + tools:
        if shutil.which(tool) is None:
            skip(f"{tool} is not installed (scripts/install-deps installs it)")
    probe = subprocess.run(["ip", "netns", "add", f"mlprobe{os.getpid()}"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        skip(f"cannot create a network namespace: {probe.stderr.strip()}")
    subprocess.run(["ip", "netns", "del", f"mlprobe{os.getpid()}"], capture_output=True)


class Lab:
    def __init__(self, tag, time_limit):
        self.prefix = f"ml{tag}{os.getpid() % 100000}"
        self.namespaces = []
        self.processes = []
        self.workdir = tempfile.mkdtemp(prefix=f"{self.prefix}-")
        self._closed = False
        atexit.register(self.close)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        signal.signal(signal.SIGALRM, self._on_alarm)
        signal.alarm(time_limit)

    def _on_signal(self, signum, _frame):
        print(f"lab: signal {signum}, cleaning up", flush=True)
        self.close()
        sys.exit(1)

    def _on_alarm(self, _signum, _frame):
        print("lab: time limit reached, cleaning up", flush=True)
        self.close()
        os._exit(1)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def name(self, short):
        return f"{self.prefix}-{short}"

    def sh(self, *argv, check=True, timeout=20, capture=True):
        result = subprocess.run(list(argv), capture_output=capture, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: exit {result.returncode}: "
                               f"{(result.stderr or '').strip()}")
        return result

    def ns(self, short):
        name = self.name(short)
        self.sh("ip", "netns", "add", name)
        self.namespaces.append(name)
        self.sh("ip", "-n", name, "link", "set", "lo", "up")
        # No router solicitations, DAD or temporary addresses slowing or muddying the tests.
        self.sysctl(short, "net.ipv6.conf.all.accept_dad", "0")
        self.sysctl(short, "net.ipv6.conf.default.accept_dad", "0")
        return name

    def sysctl(self, short, key, value):
        self.sh("ip", "netns", "exec", self.name(short), "sysctl", "-qw", f"{key}={value}")

    def run(self, short, *argv, check=True, timeout=20):
        return self.sh("ip", "netns", "exec", self.name(short), *argv, check=check,
                       timeout=timeout)

    def spawn(self, short, *argv, log=None):
        out = open(log, "ab") if log else subprocess.DEVNULL
        process = subprocess.Popen(["ip", "netns", "exec", self.name(short), *argv],
                                   stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def bridge(self, switch, bridge):
        self.sh("ip", "-n", self.name(switch), "link", "add", bridge, "type", "bridge")
        # Forward at once: no STP listening delay, no multicast snooping eating NDP.
        self.sh("ip", "-n", self.name(switch), "link", "set", bridge, "type", "bridge",
                "forward_delay", "0", "stp_state", "0", "mcast_snooping", "0")
        self.sh("ip", "-n", self.name(switch), "link", "set", bridge, "up")

    def cable(self, switch, bridge, port, host, interface, addresses=()):
        """A veth pair from `host`'s `interface` to a port of `bridge` in `switch`."""
        self.sh("ip", "-n", self.name(host), "link", "add", interface, "type", "veth",
                "peer", "name", port, "netns", self.name(switch))
        self.sh("ip", "-n", self.name(switch), "link", "set", port, "master", bridge)
        self.sh("ip", "-n", self.name(switch), "link", "set", port, "up")
        for address in addresses:
            self.sh("ip", "-n", self.name(host), "addr", "add", address, "dev", interface,
                    "nodad")
        self.sh("ip", "-n", self.name(host), "link", "set", interface, "up")

    def mac(self, host, interface):
        out = self.sh("ip", "-n", self.name(host), "-j", "link", "show", interface).stdout
        return json.loads(out)[0]["address"]

    def close(self):
        if self._closed:
            return
        self._closed = True
        signal.alarm(0)
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for name in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "del", name], capture_output=True)
        self.namespaces.clear()
        if os.environ.get("METALLAB_KEEP_LAB_FILES") is None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def wait_until(condition, timeout, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def metallb_owner(nodes, ip):
    """MetalLB's Layer 2 owner (current releases, Cluster policy, no preferences): the node
    whose SHA-256 of "<node>#<ip>" is smallest."""
    return min(nodes, key=lambda node: hashlib.sha256(f"{node}#{ip}".encode()).digest())
