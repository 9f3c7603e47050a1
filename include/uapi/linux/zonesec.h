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
 * @ZONESEC_A_ZONE: nest of enum zonesec_a_zone (zone firewall); repeated in
 *	ZONESEC_CMD_FW_LOAD
 * @ZONESEC_A_RULE: nest of enum zonesec_a_rule (zone firewall); repeated in
 *	ZONESEC_CMD_FW_LOAD
 * @ZONESEC_A_FW: nest of enum zonesec_a_fw, the firewall's own state;
 *	reply of ZONESEC_CMD_FW_GET
 */
enum zonesec_a {
	ZONESEC_A_UNSPEC,
	ZONESEC_A_INFO,
	/* zone firewall */
	ZONESEC_A_ZONE,
	ZONESEC_A_RULE,
	ZONESEC_A_FW,

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

/* ---- zone firewall ------------------------------------------------------ */

/*
 * Limits of the zone firewall. A zone name holds at most
 * ZONESEC_ZONE_NAME_MAX - 1 characters; "self" is the built-in zone, the
 * gateway itself, and counts in ZONESEC_ZONES_MAX.
 */
#define ZONESEC_ZONE_NAME_MAX		16
#define ZONESEC_ZONES_MAX		64
#define ZONESEC_ZONE_IFACES_MAX		32
#define ZONESEC_ZONE_PREFIXES_MAX	64
#define ZONESEC_RULES_MAX		65536
#define ZONESEC_ZONE_SELF		"self"

/**
 * enum zonesec_fw_action - what a rule or a zone pair's policy does
 * @ZONESEC_FW_ACTION_ACCEPT: let the packet (and its connection) pass
 * @ZONESEC_FW_ACTION_DROP: discard silently
 * @ZONESEC_FW_ACTION_REJECT: discard and answer: a TCP RST for TCP, an
 *	ICMP or ICMPv6 port unreachable otherwise
 */
enum zonesec_fw_action {
	ZONESEC_FW_ACTION_ACCEPT = 1,
	ZONESEC_FW_ACTION_DROP,
	ZONESEC_FW_ACTION_REJECT,
};

/**
 * enum zonesec_rule_flags - bits of ZONESEC_A_RULE_FLAGS
 * @ZONESEC_RULE_F_LOG: log the packets the rule decides (rate limited);
 *	unknown bits are refused
 */
enum zonesec_rule_flags {
	ZONESEC_RULE_F_LOG = 1U << 0,
};

/**
 * enum zonesec_a_prefix - an IPv4 or IPv6 prefix
 * @ZONESEC_A_PREFIX_IPV4: u32, network byte order; exactly one of IPV4 and
 *	IPV6
 * @ZONESEC_A_PREFIX_IPV6: binary, 16 bytes
 * @ZONESEC_A_PREFIX_LEN: u32, 0..32 or 0..128; host bits must be zero
 */
enum zonesec_a_prefix {
	ZONESEC_A_PREFIX_UNSPEC,
	ZONESEC_A_PREFIX_IPV4,
	ZONESEC_A_PREFIX_IPV6,
	ZONESEC_A_PREFIX_LEN,

	__ZONESEC_A_PREFIX_MAX,
	ZONESEC_A_PREFIX_MAX = __ZONESEC_A_PREFIX_MAX - 1
};

/**
 * enum zonesec_a_zone_policy - the default action of one zone pair
 * @ZONESEC_A_ZONE_POLICY_TO: string, the destination zone (the source is
 *	the zone whose nest holds this one)
 * @ZONESEC_A_ZONE_POLICY_ACTION: u32, enum zonesec_fw_action
 */
enum zonesec_a_zone_policy {
	ZONESEC_A_ZONE_POLICY_UNSPEC,
	ZONESEC_A_ZONE_POLICY_TO,
	ZONESEC_A_ZONE_POLICY_ACTION,

	__ZONESEC_A_ZONE_POLICY_MAX,
	ZONESEC_A_ZONE_POLICY_MAX = __ZONESEC_A_ZONE_POLICY_MAX - 1
};

/**
 * enum zonesec_a_zone - a zone
 * @ZONESEC_A_ZONE_NAME: string, [A-Za-z0-9_.-], at most 15 characters
 * @ZONESEC_A_ZONE_IFACE: string, an interface name, repeated; it need not
 *	exist yet (membership follows the name: renames and removals)
 * @ZONESEC_A_ZONE_PREFIX: nest of enum zonesec_a_prefix, repeated
 * @ZONESEC_A_ZONE_POLICY: nest of enum zonesec_a_zone_policy, repeated:
 *	default actions from this zone to others; in replies, only those set
 * @ZONESEC_A_ZONE_BUILTIN: flag, reply only: the zone is "self"
 */
enum zonesec_a_zone {
	ZONESEC_A_ZONE_UNSPEC,
	ZONESEC_A_ZONE_NAME,
	ZONESEC_A_ZONE_IFACE,
	ZONESEC_A_ZONE_PREFIX,
	ZONESEC_A_ZONE_POLICY,
	ZONESEC_A_ZONE_BUILTIN,

	__ZONESEC_A_ZONE_MAX,
	ZONESEC_A_ZONE_MAX = __ZONESEC_A_ZONE_MAX - 1
};

/**
 * enum zonesec_a_rule - a firewall rule
 * @ZONESEC_A_RULE_HANDLE: u32, the rule's handle, set by the kernel; in
 *	RULE_NEW it names the rule to replace, in RULE_DEL the one to delete
 * @ZONESEC_A_RULE_POSITION: u32, 1-based place in the ordered list; in
 *	RULE_NEW, insert there (absent: append)
 * @ZONESEC_A_RULE_FROM: string, source zone (required)
 * @ZONESEC_A_RULE_TO: string, destination zone (required)
 * @ZONESEC_A_RULE_PROTO: u32, IP protocol number 1..255 (absent: any)
 * @ZONESEC_A_RULE_SRC: nest of enum zonesec_a_prefix
 * @ZONESEC_A_RULE_DST: nest of enum zonesec_a_prefix
 * @ZONESEC_A_RULE_SPORT_MIN: u32, 1..65535 (tcp, udp, sctp, udplite)
 * @ZONESEC_A_RULE_SPORT_MAX: u32, >= SPORT_MIN; absent: equal to it
 * @ZONESEC_A_RULE_DPORT_MIN: u32
 * @ZONESEC_A_RULE_DPORT_MAX: u32
 * @ZONESEC_A_RULE_ICMP_TYPE: u32, 0..255 (icmp or icmpv6)
 * @ZONESEC_A_RULE_ACTION: u32, enum zonesec_fw_action (required)
 * @ZONESEC_A_RULE_FLAGS: u32, enum zonesec_rule_flags
 * @ZONESEC_A_RULE_PACKETS: u64, reply only: packets the rule decided
 * @ZONESEC_A_RULE_BYTES: u64, reply only: their bytes (IP header included)
 * @ZONESEC_A_RULE_PAD: padding for 64-bit attributes, ignore
 */
enum zonesec_a_rule {
	ZONESEC_A_RULE_UNSPEC,
	ZONESEC_A_RULE_HANDLE,
	ZONESEC_A_RULE_POSITION,
	ZONESEC_A_RULE_FROM,
	ZONESEC_A_RULE_TO,
	ZONESEC_A_RULE_PROTO,
	ZONESEC_A_RULE_SRC,
	ZONESEC_A_RULE_DST,
	ZONESEC_A_RULE_SPORT_MIN,
	ZONESEC_A_RULE_SPORT_MAX,
	ZONESEC_A_RULE_DPORT_MIN,
	ZONESEC_A_RULE_DPORT_MAX,
	ZONESEC_A_RULE_ICMP_TYPE,
	ZONESEC_A_RULE_ACTION,
	ZONESEC_A_RULE_FLAGS,
	ZONESEC_A_RULE_PACKETS,
	ZONESEC_A_RULE_BYTES,
	ZONESEC_A_RULE_PAD,

	__ZONESEC_A_RULE_MAX,
	ZONESEC_A_RULE_MAX = __ZONESEC_A_RULE_MAX - 1
};

/**
 * enum zonesec_a_fw - the firewall's state in a namespace (reply only)
 * @ZONESEC_A_FW_GENERATION: u64, grows by one with every change
 * @ZONESEC_A_FW_ZONES: u32, zones, "self" included
 * @ZONESEC_A_FW_RULES: u32, rules
 * @ZONESEC_A_FW_INVALID: u64, packets dropped because conntrack found them
 *	invalid
 * @ZONESEC_A_FW_POLICY_ACCEPT: u64, new connections accepted by a zone
 *	pair's default
 * @ZONESEC_A_FW_POLICY_DROP: u64, packets dropped or rejected by a zone
 *	pair's default
 * @ZONESEC_A_FW_PAD: padding for 64-bit attributes, ignore
 */
enum zonesec_a_fw {
	ZONESEC_A_FW_UNSPEC,
	ZONESEC_A_FW_GENERATION,
	ZONESEC_A_FW_ZONES,
	ZONESEC_A_FW_RULES,
	ZONESEC_A_FW_INVALID,
	ZONESEC_A_FW_POLICY_ACCEPT,
	ZONESEC_A_FW_POLICY_DROP,
	ZONESEC_A_FW_PAD,

	__ZONESEC_A_FW_MAX,
	ZONESEC_A_FW_MAX = __ZONESEC_A_FW_MAX - 1
};

/**
 * enum zonesec_cmd - commands
 * @ZONESEC_CMD_INFO_GET: do: no request attributes; replies ZONESEC_A_INFO.
 *	Needs no privilege.
 *
 * Zone firewall; every command, reads included, needs CAP_NET_ADMIN in
 * the namespace's user namespace:
 * @ZONESEC_CMD_ZONE_NEW: do: ZONESEC_A_ZONE with NAME and members
 * @ZONESEC_CMD_ZONE_DEL: do: ZONESEC_A_ZONE with NAME; refused while a
 *	rule or another zone's policy names it
 * @ZONESEC_CMD_ZONE_GET: dump (or do with NAME): ZONESEC_A_ZONE each
 * @ZONESEC_CMD_ZONE_POLICY_SET: do: ZONESEC_A_ZONE with NAME (the source)
 *	and one or more POLICY nests
 * @ZONESEC_CMD_RULE_NEW: do: ZONESEC_A_RULE; adds, inserts at POSITION,
 *	or replaces HANDLE; replies the rule (with its handle)
 * @ZONESEC_CMD_RULE_DEL: do: ZONESEC_A_RULE with HANDLE only
 * @ZONESEC_CMD_RULE_GET: dump: ZONESEC_A_RULE each, in order (clients
 *	filter by zone)
 * @ZONESEC_CMD_FW_LOAD: do: repeated ZONESEC_A_ZONE and ZONESEC_A_RULE:
 *	the whole zone and rule set, replacing the current one in one step;
 *	none at all flushes
 * @ZONESEC_CMD_FW_GET: do: replies ZONESEC_A_FW
 */
enum zonesec_cmd {
	ZONESEC_CMD_UNSPEC,
	ZONESEC_CMD_INFO_GET,
	/* zone firewall */
	ZONESEC_CMD_ZONE_NEW,
	ZONESEC_CMD_ZONE_DEL,
	ZONESEC_CMD_ZONE_GET,
	ZONESEC_CMD_ZONE_POLICY_SET,
	ZONESEC_CMD_RULE_NEW,
	ZONESEC_CMD_RULE_DEL,
	ZONESEC_CMD_RULE_GET,
	ZONESEC_CMD_FW_LOAD,
	ZONESEC_CMD_FW_GET,

	__ZONESEC_CMD_MAX,
	ZONESEC_CMD_MAX = __ZONESEC_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_ZONESEC_H */
