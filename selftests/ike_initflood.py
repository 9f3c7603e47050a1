#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Sends COUNT well-formed IKE_SA_INIT requests (each with a fresh SPIi,
nonce and X25519 key share, the suite aes128gcm16-prfsha256-x25519) to
DST:500, from SRC or, with SRC ending in /len, from random addresses in
that prefix (spoofed, through scapy).  Nothing is answered: what the
responder does with them is for the caller to look at.

    ike_initflood.py SRC DST COUNT
"""
import ipaddress
import os
import random
import socket
import struct
import sys


def payload(nxt, body):
    return struct.pack("!BBH", nxt, 0, 4 + len(body)) + body


def transform(last, xtype, xid, attrs=b""):
    body = struct.pack("!BBH", xtype, 0, xid) + attrs
    return struct.pack("!BBH", 0 if last else 3, 0, 4 + len(body)) + body


def sa_init():
    xfs = (transform(False, 1, 20, struct.pack("!HH", 0x800E, 128)) +
           transform(False, 2, 5) + transform(True, 4, 31))
    prop = struct.pack("!BBBB", 1, 1, 0, 3) + xfs     # num, IKE, spi 0, 3
    prop = struct.pack("!BBH", 0, 0, 4 + len(prop)) + prop
    sa = payload(34, prop)                            # next: KE
    ke = payload(40, struct.pack("!HH", 31, 0) + os.urandom(32))
    nonce = payload(0, os.urandom(32))
    body = sa + ke + nonce
    hdr = os.urandom(8) + bytes(8) + struct.pack(
        "!BBBBII", 33, 0x20, 34, 0x08, 0, 28 + len(body))
    return hdr + body


def main():
    src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if "/" not in src:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((src, 0))
        for _ in range(count):
            s.sendto(sa_init(), (dst, 500))
        return
    from scapy.all import IP, UDP, Raw, conf, send
    conf.verb = 0
    net = ipaddress.ip_network(src, strict=False)
    hosts = list(net.hosts())[2:]     # not a (.1) nor the peer (.2)
    pkts = [IP(src=str(random.choice(hosts)), dst=dst) /
            UDP(sport=500, dport=500) / Raw(sa_init()) for _ in range(count)]
    send(pkts)


if __name__ == "__main__":
    main()
