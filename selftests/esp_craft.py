#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile ESP and clear-text packets for the selftests, sent with scapy.

    esp_craft.py IFACE DSTMAC WHAT [ARGS...] [-- WHAT [ARGS...]]...

Every packet goes out of IFACE to DSTMAC on a packet socket, so the
sender's own IPsec (Linux XFRM) never sees it; one run sends them all, in
order, 0.2 s apart (loading scapy takes tens of seconds under TCG). The
addresses say the family: IPv6 when they have a colon, else IPv4. WHAT
is one of:

  replay PCAP SPI            a captured packet of SPI, sent again
  tamper PCAP SPI SEQ        a captured packet of SPI with the sequence
                             number SEQ (low 32 bits, not seen yet) and
                             one byte of its ciphertext flipped
  short SRC DST              ESP too short to hold an SPI
  truncated SRC DST SPI SEQ  ESP with an SPI and a sequence number but
                             no room for IV, payload and ICV
  unknown SRC DST SPI        a well-formed looking ESP packet of an SPI
  badpad SRC DST SPI SEQ KEY ESN
                             transport-mode ESP, rfc4106(gcm(aes)) with
                             KEY (hex, salt last) and a valid ICV, whose
                             padding reads 5, 6 instead of 1, 2; SEQ is
                             the 64-bit sequence number, ESN 0 or 1
  clear SRC DST              an ICMP (ICMPv6) echo request in clear
"""

import struct
import sys
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
# not scapy.all: loading every layer takes long under TCG
from scapy.layers.inet import ICMP, IP
from scapy.layers.inet6 import ICMPv6EchoRequest, IPv6
from scapy.layers.ipsec import ESP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.sendrecv import sendp
from scapy.utils import rdpcap

PCAPS = {}


def captured(pcap, spi):
    if pcap not in PCAPS:
        PCAPS[pcap] = rdpcap(pcap)
    pkts = [p for p in PCAPS[pcap] if p.haslayer(ESP) and p[ESP].spi == spi]
    if not pkts:
        sys.exit(f"no ESP packet of SPI {spi:#x} in {pcap}")
    return pkts[len(pkts) // 2]


def ip_hdr(src, dst, proto):
    if ":" in src:
        return IPv6(src=src, dst=dst, nh=proto)
    return IP(src=src, dst=dst, proto=proto)


def ip_of(pkt):
    """The packet from its (outer) IP header on."""
    return pkt[IPv6] if pkt.haslayer(IPv6) else pkt[IP]


def esp_ip(src, dst, payload):
    return ip_hdr(src, dst, 50) / Raw(payload)


def echo(src, dst, ident, data):
    """An echo request from its IP header on, checksummed."""
    if ":" in src:
        return IPv6(src=src, dst=dst) / ICMPv6EchoRequest(id=ident, data=data)
    return IP(src=src, dst=dst) / ICMP(type=8, id=ident) / Raw(data)


def badpad(src, dst, spi, seq, key, esn):
    key = bytes.fromhex(key.removeprefix("0x"))
    aes, salt = AESGCM(key[:-4]), key[-4:]
    iv = struct.pack("!Q", seq)
    ping = echo(src, dst, 0x5a5a, b"bad padding!")
    inner, next_hdr = bytes(ping.payload), 58 if ":" in src else 1
    # plain text: payload, padding, pad length, next header (ICMP); 4-aligned
    pad = bytes([5, 6])
    while (len(inner) + len(pad) + 2) % 4:
        pad += bytes([len(pad) + 5])
    plain = inner + pad + bytes([len(pad), next_hdr])
    lo, hi = seq & 0xFFFFFFFF, seq >> 32
    aad = struct.pack("!III", spi, hi, lo) if esn else struct.pack("!II", spi, lo)
    sealed = aes.encrypt(salt + iv, plain, aad)
    return esp_ip(src, dst, struct.pack("!II", spi, lo) + iv + sealed)


def build(what, args):
    if what == "replay":
        pkt = ip_of(captured(args[0], int(args[1], 0)))
    elif what == "tamper":
        pkt = ip_of(captured(args[0], int(args[1], 0))).copy()
        pkt[ESP].seq = int(args[2], 0) & 0xFFFFFFFF
        data = bytearray(bytes(pkt[ESP].data))
        data[20] ^= 0x01
        pkt[ESP].data = bytes(data)
    elif what == "short":
        pkt = esp_ip(args[0], args[1], b"\x00\x00")
    elif what == "truncated":
        pkt = esp_ip(args[0], args[1],
                     struct.pack("!II", int(args[2], 0), int(args[3], 0)) + b"\x00" * 6)
    elif what == "unknown":
        pkt = esp_ip(args[0], args[1],
                     struct.pack("!II", int(args[2], 0), 1) + b"\x5a" * 64)
    elif what == "badpad":
        pkt = badpad(args[0], args[1], int(args[2], 0), int(args[3], 0),
                     args[4], args[5] == "1")
    elif what == "clear":
        pkt = echo(args[0], args[1], 0x4242, b"clear")
    else:
        sys.exit(f"unknown packet kind '{what}'")
    # scapy fills in lengths and checksums when it builds the frame
    if pkt.haslayer(IPv6):
        del pkt[IPv6].plen
    else:
        del pkt[IP].len
        del pkt[IP].chksum
    return pkt


def main(argv):
    iface, dmac, words = argv[1], argv[2], argv[3:]
    groups = [[]]
    for w in words:
        if w == "--":
            groups.append([])
        else:
            groups[-1].append(w)
    pkts = [build(g[0], g[1:]) for g in groups]
    for pkt in pkts:
        sendp(Ether(dst=dmac) / pkt, iface=iface, verbose=False)
        time.sleep(0.2)


if __name__ == "__main__":
    main(sys.argv)
