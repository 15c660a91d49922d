#!/usr/bin/env python3
"""Sends one IPv6 Neighbor Solicitation for TARGET on INTERFACE and prints, per Neighbor
Advertisement that answers it within the time-out, "SOURCE MAC FLAGS".

ndisc6 cannot be used for this: it drops every advertisement whose IPv6 source is not the target
(ndisc6 1.0.5, src/ndisc.c: "We don't want non-matching addresses for unicast targets"), and
MetalLB answers from the interface's link-local address (internal/layer2/ndp.go dials with
ndp.LinkLocal), as metallabd does. Usage: solicit_neighbour.py INTERFACE TARGET [SECONDS]
"""

import ipaddress
import select
import socket
import struct
import sys
import time


def main():
    interface, target = sys.argv[1], ipaddress.IPv6Address(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    with open(f"/sys/class/net/{interface}/address") as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    group = ipaddress.IPv6Address(b"\xff\x02" + b"\x00" * 9 + b"\x01\xff" + target.packed[13:])
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    # type 135, code 0, checksum (the kernel fills it for ICMPv6 raw sockets), reserved,
    # target, then the source link-layer address option.
    solicitation = struct.pack("!BBHI16s", 135, 0, 0, 0, target.packed) + bytes([1, 1]) + mac
    index = socket.if_nametoindex(interface)
    sock.sendto(solicitation, (str(group), 0, 0, index))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        data, sender = sock.recvfrom(1500)
        if len(data) < 24 or data[0] != 136 or data[8:24] != target.packed:
            continue
        flags = data[4]
        names = "".join(n for bit, n in ((0x80, "R"), (0x40, "S"), (0x20, "O")) if flags & bit)
        lla = "-"
        options = data[24:]
        while len(options) >= 8 and options[1] > 0:
            if options[0] == 2:
                lla = ":".join(f"{b:02x}" for b in options[2:8])
            options = options[options[1] * 8:]
        print(f"{sender[0].split('%')[0]} {lla} {names or '-'}", flush=True)


if __name__ == "__main__":
    main()
