#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Add or remove a crypto API template instance through crypto_user.

    crypto_inst.py add aead|hash NAME
                                 instantiate NAME, e.g. cryptd(hmac(sha256)),
                                 of that type (cryptd needs to know); one
                                 that exists already is fine
    crypto_inst.py del DRIVER    unregister the instance whose driver name
                                 is DRIVER (it must be unused)

A cryptd(X) instance keeps X's algorithm name with a priority 50 above
X's, so once it exists, whoever asks the crypto API for X (zonesec, XFRM)
gets the asynchronous cryptd implementation: the selftests use that to
force the asynchronous path. NETLINK_CRYPTO, struct crypto_user_alg
(include/uapi/linux/cryptouser.h); needs CAP_NET_ADMIN and crypto_user.
"""

import errno
import os
import socket
import struct
import sys

NETLINK_CRYPTO = 21
CRYPTO_MSG_NEWALG = 0x10
CRYPTO_MSG_DELALG = 0x11
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLMSG_ERROR = 0x2
# CRYPTO_ALG_TYPE_* and their masks (include/linux/crypto.h)
TYPES = {"aead": (0x3, 0xF), "hash": (0xF, 0xE)}


def request(msg_type, name="", driver="", alg_type=(0, 0)):
    # cru_name, cru_driver_name, cru_module_name, type, mask, refcnt, flags
    body = struct.pack("=64s64s64sIIII", name.encode(), driver.encode(),
                       b"", alg_type[0], alg_type[1], 0, 0)
    hdr = struct.pack("=IHHII", 16 + len(body), msg_type,
                      NLM_F_REQUEST | NLM_F_ACK, 1, 0)
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                       NETLINK_CRYPTO) as s:
        s.send(hdr + body)
        reply = s.recv(4096)
    _, rtype = struct.unpack_from("=IH", reply)
    if rtype != NLMSG_ERROR:
        sys.exit(f"unexpected netlink reply type {rtype}")
    (err,) = struct.unpack_from("=i", reply, 16)
    return -err


def main(argv):
    if argv[1:2] == ["add"] and len(argv) == 4 and argv[2] in TYPES:
        err = request(CRYPTO_MSG_NEWALG, name=argv[3],
                      alg_type=TYPES[argv[2]])
        if err == errno.EEXIST:
            err = 0
    elif argv[1:2] == ["del"] and len(argv) == 3:
        err = request(CRYPTO_MSG_DELALG, driver=argv[2])
    else:
        sys.exit(__doc__)
    if err:
        sys.exit(f"crypto_user {' '.join(argv[1:])}: {os.strerror(err)}")


if __name__ == "__main__":
    main(sys.argv)
