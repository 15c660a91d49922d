#!/usr/bin/env python3
"""The server behind every VIP in the daemon tests: accepts TCP on PORT (all addresses, IPv4 and
IPv6) and writes its NAME, so the client sees which node answered. Usage: tcp_responder.py NAME
PORT"""

import socket
import sys


def main():
    name, port = sys.argv[1].encode() + b"\n", int(sys.argv[2])
    server = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    server.bind(("::", port))
    server.listen(128)
    while True:
        connection, _ = server.accept()
        try:
            connection.sendall(name)
        except OSError:
            pass
        connection.close()


if __name__ == "__main__":
    main()
