#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Install many SAs into zonesec fast, over the family's own netlink ABI.

  sa_bulk.py COUNT FIRST_SPI [ALG [BUDGET]]   (inside the namespace: ip netns exec)

Adds COUNT ESP transport SAs with SPIs FIRST_SPI, FIRST_SPI + 1, ...,
source 192.0.2.200 and one destination each, 198.18.0.0 + n (RFC 2544's
benchmarking range, 198.18.0.0/15: as many peers as SAs), with the
AEAD ALG (default rfc4106(gcm(aes)), 128-bit ICV) and a key that differs
per SA.  One process, requests sent in batches of BATCH per sendmsg (the
kernel runs every message of a batch in turn), each acknowledged: an
exec of the CLI per SA costs 0.1-0.5 s in the TCG guest, this costs
tens of microseconds.  Prints the number added and the seconds it took;
exits 1 at the first refusal, with the kernel's extack message.  With a
BUDGET in seconds it stops at the first batch boundary past it and says
how many it added (the benchmark reports that count); every 10,000 SAs
it prints the time of the last 10,000 on stderr, which shows whether
adding an SA gets dearer as the table grows.

Attribute and command numbers are those of include/uapi/linux/zonesec.h
(the Python has no header parser; they only ever grow at the end).
"""
import os
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NLM_F_REQUEST, NLM_F_ACK = 0x1, 0x4
NLMSG_ERROR = 2
NLA_F_NESTED = 0x8000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG = 1

# include/uapi/linux/zonesec.h
ZONESEC_FAMILY_VERSION = 1
ZONESEC_CMD_SA_NEW = 2
ZONESEC_A_SA = 2
(A_SA_SPI, A_SA_PROTO, A_SA_MODE, _INNER_AF, A_SA_SRC, A_SA_DST,
 A_SA_REQID, A_SA_AEAD) = range(1, 9)
A_ALG_NAME, A_ALG_KEY, A_ALG_BITS = 1, 4, 5
PROTO_ESP, MODE_TRANSPORT = 50, 1

BATCH = 400
DST_BASE, DST_COUNT = 0xc6120000, 1 << 17    # 198.18.0.0/15
KEY_LEN = {"rfc4106(gcm(aes))": 20, "rfc7539esp(chacha20,poly1305)": 36}


def nla(kind, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, kind) + payload + b"\0" * (-n % 4)


def u32(kind, v):
    return nla(kind, struct.pack("I", v))


def nest(kind, *parts):
    return nla(kind | NLA_F_NESTED, b"".join(parts))


def msg(mtype, seq, cmd, version, attrs):
    body = struct.pack("BBH", cmd, version, 0) + attrs
    return struct.pack("IHHII", 16 + len(body), mtype,
                       NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body


def attrs_of(buf):
    out, off = {}, 0
    while off + 4 <= len(buf):
        n, kind = struct.unpack_from("HH", buf, off)
        if n < 4:
            break
        out[kind & 0x3fff] = buf[off + 4:off + n]
        off += (n + 3) & ~3
    return out


def replies(sock):
    """Yield (seq, error, payload) for each message of one recv."""
    buf = sock.recv(1 << 20)
    off = 0
    while off + 16 <= len(buf):
        n, mtype, flags, seq, _ = struct.unpack_from("IHHII", buf, off)
        payload = buf[off + 16:off + n]
        err = 0
        if mtype == NLMSG_ERROR:
            err = struct.unpack_from("i", payload)[0]
        yield seq, mtype, err, flags, payload
        off += (n + 3) & ~3


def family_id(sock):
    name = b"zonesec\0"
    sock.send(msg(GENL_ID_CTRL, 1, CTRL_CMD_GETFAMILY, 1,
                  nla(CTRL_ATTR_FAMILY_NAME, name)))
    fid = None
    while True:
        for _, mtype, err, _, payload in replies(sock):
            if mtype == NLMSG_ERROR:
                if err:
                    sys.exit("sa_bulk: no zonesec family: %s" %
                             os.strerror(-err))
                return fid
            fid = struct.unpack_from(
                "H", attrs_of(payload[4:])[CTRL_ATTR_FAMILY_ID])[0]


def extack_text(flags, payload):
    # nlmsgerr: error, the request's header (capped: flag 0x100), then TLVs
    off = 4 + (16 if flags & 0x100 else struct.unpack_from("I", payload, 4)[0])
    msg_attr = attrs_of(payload[off:]).get(NLMSGERR_ATTR_MSG, b"")
    return msg_attr.rstrip(b"\0").decode(errors="replace")


def sa_request(fid, seq, spi, alg, klen):
    dst = struct.pack(">I", DST_BASE + spi % DST_COUNT)
    key = struct.pack("I", spi) * (klen // 4 + 1)
    sa = nest(ZONESEC_A_SA,
              u32(A_SA_SPI, spi), u32(A_SA_PROTO, PROTO_ESP),
              u32(A_SA_MODE, MODE_TRANSPORT),
              nla(A_SA_SRC, bytes([192, 0, 2, 200])), nla(A_SA_DST, dst),
              u32(A_SA_REQID, 4000),
              nest(A_SA_AEAD, nla(A_ALG_NAME, alg.encode() + b"\0"),
                   nla(A_ALG_KEY, key[:klen]), u32(A_ALG_BITS, 128)))
    return msg(fid, seq, ZONESEC_CMD_SA_NEW, ZONESEC_FAMILY_VERSION, sa)


class Requests:
    """SA_NEW requests from one template, patched per SA: building each
    from attributes costs the guest's Python more than the kernel's add."""

    MARK = 0x5a5b5c5d

    def __init__(self, fid, alg):
        self.klen = KEY_LEN[alg]
        self.tmpl = bytes(sa_request(fid, 0, self.MARK, alg, self.klen))
        mark = struct.pack("I", self.MARK)
        self.spi_off = self.tmpl.find(mark)          # SPI comes first
        self.key_off = self.tmpl.find(mark * (self.klen // 4))
        self.dst_off = self.tmpl.find(
            struct.pack(">I", DST_BASE + self.MARK % DST_COUNT))
        assert min(self.spi_off, self.key_off, self.dst_off) > 0

    def make(self, seq, spi):
        m = bytearray(self.tmpl)
        struct.pack_into("I", m, 8, seq)
        struct.pack_into("I", m, self.spi_off, spi)
        struct.pack_into(">I", m, self.dst_off, DST_BASE + spi % DST_COUNT)
        m[self.key_off:self.key_off + self.klen] = \
            (struct.pack("I", spi) * (self.klen // 4 + 1))[:self.klen]
        return m


def main():
    count, first = int(sys.argv[1]), int(sys.argv[2], 0)
    alg = sys.argv[3] if len(sys.argv) > 3 else "rfc4106(gcm(aes))"
    budget = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
    sock.setsockopt(SOL_NETLINK, 11, 1)  # NETLINK_EXT_ACK
    sock.setsockopt(SOL_NETLINK, 10, 1)  # NETLINK_CAP_ACK
    sock.bind((0, 0))
    reqs = Requests(family_id(sock), alg)
    t0 = time.monotonic()
    done, mark, tmark = 0, 10000, t0
    while done < count:
        now = time.monotonic()
        if budget and now - t0 > budget:
            break
        if done >= mark:
            print("# %d SAs added, the last 10,000 in %.1f s" %
                  (done, now - tmark), file=sys.stderr, flush=True)
            mark, tmark = mark + 10000, now
        n = min(BATCH, count - done)
        sock.send(b"".join(reqs.make(100 + done + i, first + done + i)
                           for i in range(n)))
        acked = 0
        while acked < n:
            for seq, mtype, err, flags, payload in replies(sock):
                if mtype != NLMSG_ERROR:
                    continue
                if err:
                    sys.exit("sa_bulk: SA %#x refused: %s: %s" % (
                        first + seq - 100, os.strerror(-err),
                        extack_text(flags, payload)))
                acked += 1
        done += n
    print("%d %.2f" % (done, time.monotonic() - t0))


if __name__ == "__main__":
    main()
