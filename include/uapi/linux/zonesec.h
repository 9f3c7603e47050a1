/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * zonesec generic netlink ABI, shared by the kernel module and userspace.
 *
 * Documentation/netlink/specs/zonesec.yaml describes the same family in the
 * kernel's YNL format; the two must agree (the host test spec-check proves
 * it for every name and value below).
 *
 * Conventions, as in ovpn's family rather than xfrm's:
 *  - one set of operations per object, no binary structures;
 *  - numbers are u32 (u64 where they can overflow 32 bits);
 *  - lists are repeated attributes;
 *  - keys are write-only: never dumped back to userspace.
 */
#ifndef _UAPI_LINUX_ZONESEC_H
#define _UAPI_LINUX_ZONESEC_H

#define ZONESEC_FAMILY_NAME	"zonesec"

/*
 * The ABI version. It is the generic netlink family version and is also
 * reported by ZONESEC_CMD_INFO_GET; it grows only when an existing
 * attribute or command changes meaning. Adding one does not change it.
 */
#define ZONESEC_FAMILY_VERSION	1

/* Multicast group for events (ACQUIRE, EXPIRE, ...). */
#define ZONESEC_MCGRP_EVENTS	"events"

/**
 * enum zonesec_alg_kind - what an algorithm does in a transform
 * @ZONESEC_ALG_KIND_AEAD: combined encryption and integrity (ESP only),
 *	e.g. "rfc4106(gcm(aes))"
 * @ZONESEC_ALG_KIND_CIPHER: encryption only, paired with an AUTH algorithm
 *	in ESP, e.g. "cbc(aes)"
 * @ZONESEC_ALG_KIND_AUTH: integrity, for ESP next to a CIPHER or alone in
 *	AH, e.g. "hmac(sha256)"
 */
enum zonesec_alg_kind {
	ZONESEC_ALG_KIND_AEAD = 1,
	ZONESEC_ALG_KIND_CIPHER,
	ZONESEC_ALG_KIND_AUTH,
};

/**
 * enum zonesec_a - top-level attributes, one nest per object
 * @ZONESEC_A_INFO: nest of enum zonesec_a_info; reply of
 *	ZONESEC_CMD_INFO_GET, refused in requests
 */
enum zonesec_a {
	ZONESEC_A_UNSPEC,
	ZONESEC_A_INFO,

	__ZONESEC_A_MAX,
	ZONESEC_A_MAX = __ZONESEC_A_MAX - 1
};

/**
 * enum zonesec_a_info - what the module is and can do
 * @ZONESEC_A_INFO_MODULE_VERSION: string, the module's release, e.g. "0.1.0"
 * @ZONESEC_A_INFO_ABI_VERSION: u32, equal to ZONESEC_FAMILY_VERSION of the
 *	module that answers
 * @ZONESEC_A_INFO_NETNS_COOKIE: u64, the cookie of the network namespace
 *	whose state answered (the same as getsockopt SO_NETNS_COOKIE gives a
 *	socket there): every zonesec object lives in one namespace
 * @ZONESEC_A_INFO_ALG: nest of enum zonesec_a_alg, repeated: one per
 *	algorithm the kernel crypto API could instantiate when the module was
 *	loaded
 * @ZONESEC_A_INFO_PAD: padding for 64-bit attributes, ignore
 */
enum zonesec_a_info {
	ZONESEC_A_INFO_UNSPEC,
	ZONESEC_A_INFO_MODULE_VERSION,
	ZONESEC_A_INFO_ABI_VERSION,
	ZONESEC_A_INFO_NETNS_COOKIE,
	ZONESEC_A_INFO_ALG,
	ZONESEC_A_INFO_PAD,

	__ZONESEC_A_INFO_MAX,
	ZONESEC_A_INFO_MAX = __ZONESEC_A_INFO_MAX - 1
};

/**
 * enum zonesec_a_alg - one algorithm
 * @ZONESEC_A_ALG_NAME: string, the kernel crypto API name, as ip-xfrm(8)
 *	spells it, e.g. "rfc4106(gcm(aes))"
 * @ZONESEC_A_ALG_KIND: u32, enum zonesec_alg_kind
 * @ZONESEC_A_ALG_DRIVER: string, the implementation the crypto API chose
 *	at probe time, e.g. "rfc4106-gcm-aesni" (informational)
 */
enum zonesec_a_alg {
	ZONESEC_A_ALG_UNSPEC,
	ZONESEC_A_ALG_NAME,
	ZONESEC_A_ALG_KIND,
	ZONESEC_A_ALG_DRIVER,

	__ZONESEC_A_ALG_MAX,
	ZONESEC_A_ALG_MAX = __ZONESEC_A_ALG_MAX - 1
};

/**
 * enum zonesec_cmd - commands
 * @ZONESEC_CMD_INFO_GET: do: no request attributes; replies ZONESEC_A_INFO.
 *	Needs no privilege.
 */
enum zonesec_cmd {
	ZONESEC_CMD_UNSPEC,
	ZONESEC_CMD_INFO_GET,

	__ZONESEC_CMD_MAX,
	ZONESEC_CMD_MAX = __ZONESEC_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_ZONESEC_H */
