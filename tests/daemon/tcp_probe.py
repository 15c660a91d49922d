#!/usr/bin/env python3
"""The client's view of a VIP: a new TCP connection every INTERVAL seconds (time-out INTERVAL),
printing "MONOTONIC_SECONDS NAME" for each answer and "MONOTONIC_SECONDS -" for each failure.
CLOCK_MONOTONIC is the same in every namespace, so the harness compares these times with its
own. Stops after LIMIT seconds. Usage: tcp_probe.py IP PORT INTERVAL LIMIT"""

import socket
import sys
import time


def main():
    ip, port, interval, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    end = time.monotonic() + limit
    while time.monotonic() < end:
        started = time.monotonic()
        name = "-"
        try:
            with socket.socket(family, socket.SOCK_STREAM) as connection:
                connection.settimeout(interval)
                connection.connect((ip, port))
                name = connection.recv(64).decode().strip() or "-"
        except OSError:
            pass
        print(f"{started:.6f} {name}", flush=True)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


if __name__ == "__main__":
    main()
