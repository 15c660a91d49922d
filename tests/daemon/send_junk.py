#!/usr/bin/env python3
"""Hostile input for the daemon tests, from the client namespace: malformed ARP and NDP frames on
INTERFACE (truncated, oversized, wrong lengths, bad ICMPv6 options) and garbage UDP datagrams to
each TARGET's memberlist port. Deterministic (seeded). Usage:
  send_junk.py INTERFACE COUNT TARGET..."""

import random
import socket
import struct
import sys


def frames(rng, source_mac, count):
    broadcast = b"\xff" * 6
    for index in range(count):
        kind = index % 6
        if kind == 0:  # ARP, truncated anywhere
            body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + rng.randbytes(20)
            yield broadcast + source_mac + b"\x08\x06" + body[: rng.randrange(len(body))]
        elif kind == 1:  # ARP claiming 255-byte addresses
            body = struct.pack("!HHBBH", 1, 0x0800, 255, 255, 1) + rng.randbytes(60)
            yield broadcast + source_mac + b"\x08\x06" + body
        elif kind == 2:  # ARP for IPv6-sized protocol addresses on IPv4's ethertype
            body = struct.pack("!HHBBH", 1, 0x0800, 6, 16, 1) + rng.randbytes(44)
            yield broadcast + source_mac + b"\x08\x06" + body
        elif kind == 3:  # a Neighbor Solicitation with a zero-length option (RFC 4861: drop)
            icmp = struct.pack("!BBHI", 135, 0, 0, 0) + bytes.fromhex(
                "20010db8000000000000000000000200") + b"\x01\x00" + source_mac
            ip = struct.pack("!IHBB", 0x60000000, len(icmp), 58, 255) + rng.randbytes(16) + \
                bytes.fromhex("ff0200000000000000000001ff000200")
            yield b"\x33\x33\xff\x00\x02\x00" + source_mac + b"\x86\xdd" + ip + icmp
        elif kind == 4:  # IPv6 whose payload length lies
            ip = struct.pack("!IHBB", 0x60000000, 65535, 58, 255) + rng.randbytes(32)
            yield b"\x33\x33\xff\x00\x02\x00" + source_mac + b"\x86\xdd" + ip + b"\x87\x00"
        else:  # a jumbo of random bytes with ARP's ethertype
            yield broadcast + source_mac + b"\x08\x06" + rng.randbytes(rng.randrange(1, 1500))


def main():
    interface, count, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    rng = random.Random(7946)
    with open(f"/sys/class/net/{interface}/address") as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    raw.bind((interface, 0))
    sent = 0
    for frame in frames(rng, mac, count):
        raw.send(frame.ljust(60, b"\x00") if len(frame) < 60 else frame)
        sent += 1
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for index in range(count):
        payload = rng.randbytes(rng.randrange(0, 1400))
        if index % 3 == 0 and payload:
            payload = bytes([rng.randrange(0, 14)]) + payload[1:]  # a valid message type first
        for target in targets:
            udp.sendto(payload, (target, 7946))
    print(f"sent {sent} frames and {count * len(targets)} datagrams", flush=True)


if __name__ == "__main__":
    main()
