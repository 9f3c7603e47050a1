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
 * enum zonesec_proto - IPsec protocol of an SA or template: the IP protocol
 *	number it travels as
 * @ZONESEC_PROTO_ESP: Encapsulating Security Payload, RFC 4303
 * @ZONESEC_PROTO_AH: Authentication Header, RFC 4302
 */
enum zonesec_proto {
	ZONESEC_PROTO_ESP = 50,
	ZONESEC_PROTO_AH,
};

/**
 * enum zonesec_mode - IPsec mode
 * @ZONESEC_MODE_TRANSPORT: protects the payload of the packet's own IP header
 * @ZONESEC_MODE_TUNNEL: protects a whole inner IP packet behind a new outer
 *	header between the SA's source and destination
 */
enum zonesec_mode {
	ZONESEC_MODE_TRANSPORT = 1,
	ZONESEC_MODE_TUNNEL,
};

/**
 * enum zonesec_af - address family
 * @ZONESEC_AF_IPV4: IPv4
 * @ZONESEC_AF_IPV6: IPv6
 */
enum zonesec_af {
	ZONESEC_AF_IPV4 = 1,
	ZONESEC_AF_IPV6,
};

/**
 * enum zonesec_dir - direction of a policy
 * @ZONESEC_DIR_IN: packets delivered to this host
 * @ZONESEC_DIR_OUT: packets this host sends
 * @ZONESEC_DIR_FWD: packets this host forwards
 */
enum zonesec_dir {
	ZONESEC_DIR_IN = 1,
	ZONESEC_DIR_OUT,
	ZONESEC_DIR_FWD,
};

/**
 * enum zonesec_action - what a policy does with the packets it selects
 * @ZONESEC_ACTION_PROTECT: apply (out) or require (in, fwd) the SA its
 *	template describes
 * @ZONESEC_ACTION_BYPASS: let the packet pass in clear
 * @ZONESEC_ACTION_DISCARD: drop the packet ("action block" in ip-xfrm words)
 */
enum zonesec_action {
	ZONESEC_ACTION_PROTECT = 1,
	ZONESEC_ACTION_BYPASS,
	ZONESEC_ACTION_DISCARD,
};

/*
 * Flags of an SA, ZONESEC_A_SA_FLAGS. A request with a bit not listed
 * here is refused.
 * @ZONESEC_SA_FLAG_ESN: 64-bit extended sequence numbers (RFC 4303 2.2.1)
 */
#define ZONESEC_SA_FLAG_ESN	(1U << 0)
#define ZONESEC_SA_FLAGS_ALL	ZONESEC_SA_FLAG_ESN

/* Limits, also enforced by the module's attribute policies. */
#define ZONESEC_SPI_MIN			256
#define ZONESEC_REPLAY_WINDOW_MAX	4096
#define ZONESEC_KEY_MAX			128

/**
 * enum zonesec_expire - which limit of an SA was reached
 * @ZONESEC_EXPIRE_SOFT: a soft limit: time to rekey, the SA still works
 * @ZONESEC_EXPIRE_HARD: a hard limit: the SA was removed
 */
enum zonesec_expire {
	ZONESEC_EXPIRE_SOFT = 1,
	ZONESEC_EXPIRE_HARD,
};

/**
 * enum zonesec_a - top-level attributes, one nest per object
 * @ZONESEC_A_INFO: nest of enum zonesec_a_info; reply of
 *	ZONESEC_CMD_INFO_GET, refused in requests
 * @ZONESEC_A_SA: nest of enum zonesec_a_sa, one Security Association
 * @ZONESEC_A_POLICY: nest of enum zonesec_a_policy, one security policy
 * @ZONESEC_A_ZONE: nest of enum zonesec_a_zone (zone firewall); repeated in
 *	ZONESEC_CMD_FW_LOAD
 * @ZONESEC_A_RULE: nest of enum zonesec_a_rule (zone firewall); repeated in
 *	ZONESEC_CMD_FW_LOAD
 * @ZONESEC_A_FW: nest of enum zonesec_a_fw, the firewall's own state;
 *	reply of ZONESEC_CMD_FW_GET
 * @ZONESEC_A_LOG: nest of enum zonesec_a_log, one packet a rule with
 *	ZONESEC_RULE_F_LOG decided; in ZONESEC_CMD_RULE_LOG_NTF only
 * @ZONESEC_A_STATS: nest of enum zonesec_a_stats, the namespace's
 *	counters summed over its SAs, and the drops no SA is to blame for;
 *	reply of ZONESEC_CMD_STATS_GET, refused in requests
 */
enum zonesec_a {
	ZONESEC_A_UNSPEC,
	ZONESEC_A_INFO,
	ZONESEC_A_SA,
	ZONESEC_A_POLICY,
	/* zone firewall */
	ZONESEC_A_ZONE,
	ZONESEC_A_RULE,
	ZONESEC_A_FW,
	ZONESEC_A_LOG,
	/* statistics */
	ZONESEC_A_STATS,

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
 * enum zonesec_a_alg - one algorithm: in INFO, or a transform of an SA
 * @ZONESEC_A_ALG_NAME: string, the kernel crypto API name, as ip-xfrm(8)
 *	spells it, e.g. "rfc4106(gcm(aes))"
 * @ZONESEC_A_ALG_KIND: u32, enum zonesec_alg_kind (INFO only)
 * @ZONESEC_A_ALG_DRIVER: string, the implementation the crypto API chose
 *	(informational; in INFO at probe time, in an SA for its transform)
 * @ZONESEC_A_ALG_KEY: binary, the key, up to ZONESEC_KEY_MAX bytes; for
 *	rfc4106 and rfc7539esp the 4-byte salt follows the key, as in
 *	ip-xfrm. Write-only: requests carry it, no reply ever does.
 * @ZONESEC_A_ALG_BITS: u32, the ICV length in bits: of the AEAD, or of the
 *	truncated authentication algorithm (ip-xfrm's auth-trunc length).
 *	Not used with a cipher.
 */
enum zonesec_a_alg {
	ZONESEC_A_ALG_UNSPEC,
	ZONESEC_A_ALG_NAME,
	ZONESEC_A_ALG_KIND,
	ZONESEC_A_ALG_DRIVER,
	ZONESEC_A_ALG_KEY,
	ZONESEC_A_ALG_BITS,

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
#define ZONESEC_ZONE_IPSEC_MAX		16
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
 * @ZONESEC_A_ZONE_IPSEC: u32, repeated, up to ZONESEC_ZONE_IPSEC_MAX: the
 *	packets a zonesec SA decapsulated (tunnel or transport mode) whose
 *	SA has this reqid; 0: any SA. The source zone of such a packet, before
 *	its interface and prefixes; a reqid member wins over an "any" one.
 *	A value is in one zone only.
 */
enum zonesec_a_zone {
	ZONESEC_A_ZONE_UNSPEC,
	ZONESEC_A_ZONE_NAME,
	ZONESEC_A_ZONE_IFACE,
	ZONESEC_A_ZONE_PREFIX,
	ZONESEC_A_ZONE_POLICY,
	ZONESEC_A_ZONE_BUILTIN,
	ZONESEC_A_ZONE_IPSEC,

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
 * enum zonesec_a_log - a packet a logging rule decided (events only)
 * @ZONESEC_A_LOG_HANDLE: u32, the rule's handle
 * @ZONESEC_A_LOG_FROM: string, the packet's source zone
 * @ZONESEC_A_LOG_TO: string, its destination zone
 * @ZONESEC_A_LOG_ACTION: u32, enum zonesec_fw_action, what the rule did
 * @ZONESEC_A_LOG_PROTO: u32, the IP protocol
 * @ZONESEC_A_LOG_SRC: binary 4 or 16, source address
 * @ZONESEC_A_LOG_DST: binary 4 or 16, destination address
 * @ZONESEC_A_LOG_SPORT: u32, source port (tcp, udp, sctp, udplite only)
 * @ZONESEC_A_LOG_DPORT: u32, destination port (likewise)
 * @ZONESEC_A_LOG_ICMP_TYPE: u32, ICMP or ICMPv6 type (those only)
 * @ZONESEC_A_LOG_IIF: string, input interface (absent: the gateway's own)
 * @ZONESEC_A_LOG_OIF: string, output interface (absent: to the gateway)
 * @ZONESEC_A_LOG_LEN: u32, the packet's length, IP header included
 */
enum zonesec_a_log {
	ZONESEC_A_LOG_UNSPEC,
	ZONESEC_A_LOG_HANDLE,
	ZONESEC_A_LOG_FROM,
	ZONESEC_A_LOG_TO,
	ZONESEC_A_LOG_ACTION,
	ZONESEC_A_LOG_PROTO,
	ZONESEC_A_LOG_SRC,
	ZONESEC_A_LOG_DST,
	ZONESEC_A_LOG_SPORT,
	ZONESEC_A_LOG_DPORT,
	ZONESEC_A_LOG_ICMP_TYPE,
	ZONESEC_A_LOG_IIF,
	ZONESEC_A_LOG_OIF,
	ZONESEC_A_LOG_LEN,

	__ZONESEC_A_LOG_MAX,
	ZONESEC_A_LOG_MAX = __ZONESEC_A_LOG_MAX - 1
};

/**
 * enum zonesec_a_sa - a Security Association
 *
 * Addresses are binary attributes of 4 (IPv4) or 16 (IPv6) bytes in
 * network byte order; their length gives the family. Source and
 * destination of one object have the same family.
 *
 * @ZONESEC_A_SA_SPI: u32, the SPI in host byte order, at least
 *	ZONESEC_SPI_MIN. With DST and PROTO it identifies the SA.
 * @ZONESEC_A_SA_PROTO: u32, enum zonesec_proto
 * @ZONESEC_A_SA_MODE: u32, enum zonesec_mode; default transport
 * @ZONESEC_A_SA_INNER_AF: u32, enum zonesec_af, the family of the
 *	protected packets; default: that of the addresses. Only tunnel mode
 *	carries another family than the outer one.
 * @ZONESEC_A_SA_SRC: binary 4 or 16, outer source address
 * @ZONESEC_A_SA_DST: binary 4 or 16, outer destination address
 * @ZONESEC_A_SA_REQID: u32, ties the SA to policy templates; default 0
 * @ZONESEC_A_SA_AEAD: nest of enum zonesec_a_alg: NAME, KEY, BITS (ESP)
 * @ZONESEC_A_SA_ENC: nest of enum zonesec_a_alg: NAME, KEY (ESP, with AUTH)
 * @ZONESEC_A_SA_AUTH: nest of enum zonesec_a_alg: NAME, KEY, BITS (AH, or
 *	ESP with ENC)
 * @ZONESEC_A_SA_REPLAY_WINDOW: u32, anti-replay window in packets, 0 (off)
 *	to ZONESEC_REPLAY_WINDOW_MAX
 * @ZONESEC_A_SA_FLAGS: u32, ZONESEC_SA_FLAG_*; unknown bits are refused
 * @ZONESEC_A_SA_LIFETIME: nest of enum zonesec_a_lifetime
 * @ZONESEC_A_SA_STATS: nest of enum zonesec_a_stats, reply only
 * @ZONESEC_A_SA_PAD: padding for 64-bit attributes, ignore
 * @ZONESEC_A_SA_SEQ_OUT: u64, the last sequence number sent: the next
 *	packet carries one more (ip-xfrm's replay-oseq); default 0
 * @ZONESEC_A_SA_SEQ_IN: u64, the highest sequence number received
 *	(ip-xfrm's replay-seq); default 0. Without ESN both stay below 2^32.
 * @ZONESEC_A_SA_EXPIRE: u32, enum zonesec_expire; only in
 *	ZONESEC_CMD_SA_EXPIRE_NTF
 */
enum zonesec_a_sa {
	ZONESEC_A_SA_UNSPEC,
	ZONESEC_A_SA_SPI,
	ZONESEC_A_SA_PROTO,
	ZONESEC_A_SA_MODE,
	ZONESEC_A_SA_INNER_AF,
	ZONESEC_A_SA_SRC,
	ZONESEC_A_SA_DST,
	ZONESEC_A_SA_REQID,
	ZONESEC_A_SA_AEAD,
	ZONESEC_A_SA_ENC,
	ZONESEC_A_SA_AUTH,
	ZONESEC_A_SA_REPLAY_WINDOW,
	ZONESEC_A_SA_FLAGS,
	ZONESEC_A_SA_LIFETIME,
	ZONESEC_A_SA_STATS,
	ZONESEC_A_SA_PAD,
	ZONESEC_A_SA_SEQ_OUT,
	ZONESEC_A_SA_SEQ_IN,
	ZONESEC_A_SA_EXPIRE,

	__ZONESEC_A_SA_MAX,
	ZONESEC_A_SA_MAX = __ZONESEC_A_SA_MAX - 1
};

/**
 * enum zonesec_a_lifetime - limits of an SA, all u64, 0 or absent = none
 *
 * A soft limit raises an EXPIRE(soft) event; a hard one removes the SA
 * and raises EXPIRE(hard). A soft limit must be below its hard one.
 *
 * @ZONESEC_A_LIFETIME_BYTES_SOFT: bytes protected or verified
 * @ZONESEC_A_LIFETIME_BYTES_HARD: see above
 * @ZONESEC_A_LIFETIME_PACKETS_SOFT: packets
 * @ZONESEC_A_LIFETIME_PACKETS_HARD: see above
 * @ZONESEC_A_LIFETIME_ADD_SOFT: seconds since the SA was added
 * @ZONESEC_A_LIFETIME_ADD_HARD: see above
 * @ZONESEC_A_LIFETIME_USE_SOFT: seconds since the SA was first used
 * @ZONESEC_A_LIFETIME_USE_HARD: see above
 * @ZONESEC_A_LIFETIME_PAD: padding, ignore
 */
enum zonesec_a_lifetime {
	ZONESEC_A_LIFETIME_UNSPEC,
	ZONESEC_A_LIFETIME_BYTES_SOFT,
	ZONESEC_A_LIFETIME_BYTES_HARD,
	ZONESEC_A_LIFETIME_PACKETS_SOFT,
	ZONESEC_A_LIFETIME_PACKETS_HARD,
	ZONESEC_A_LIFETIME_ADD_SOFT,
	ZONESEC_A_LIFETIME_ADD_HARD,
	ZONESEC_A_LIFETIME_USE_SOFT,
	ZONESEC_A_LIFETIME_USE_HARD,
	ZONESEC_A_LIFETIME_PAD,

	__ZONESEC_A_LIFETIME_MAX,
	ZONESEC_A_LIFETIME_MAX = __ZONESEC_A_LIFETIME_MAX - 1
};

/**
 * enum zonesec_a_stats - counters of an SA or of a namespace, all u64,
 *	reply only. An SA carries PACKETS_IN to DROP_NOMEM and
 *	DROP_BAD_PADDING; the namespace (ZONESEC_CMD_STATS_GET) carries them
 *	all: the sums over its SAs (those gone included) and the drops no SA
 *	is to blame for (DROP_NO_SA to DROP_DISCARD).
 * @ZONESEC_A_STATS_PACKETS_IN: packets verified and delivered
 * @ZONESEC_A_STATS_BYTES_IN: their bytes (inner packets)
 * @ZONESEC_A_STATS_PACKETS_OUT: packets protected and sent
 * @ZONESEC_A_STATS_BYTES_OUT: their bytes (inner packets)
 * @ZONESEC_A_STATS_DROP_AUTH: dropped: integrity check failed
 * @ZONESEC_A_STATS_DROP_REPLAY: dropped: replayed or too old for the window
 * @ZONESEC_A_STATS_DROP_MALFORMED: dropped: truncated or otherwise
 *	malformed (the inner packet of a tunnel included)
 * @ZONESEC_A_STATS_DROP_CRYPTO: dropped: the crypto API failed otherwise
 * @ZONESEC_A_STATS_DROP_TOO_BIG: dropped: too big after encapsulation
 * @ZONESEC_A_STATS_DROP_SEQ_OVERFLOW: dropped: sequence numbers exhausted
 * @ZONESEC_A_STATS_DROP_POLICY: dropped: the inner packet does not match
 *	the policy the SA serves
 * @ZONESEC_A_STATS_DROP_NOMEM: dropped: out of memory
 * @ZONESEC_A_STATS_PAD: padding, ignore
 * @ZONESEC_A_STATS_DROP_BAD_PADDING: dropped: the ICV checked out but the
 *	padding did not (not 1, 2, 3, ..., or a pad length too long)
 * @ZONESEC_A_STATS_DROP_NO_SA: dropped: ESP to a local address with an SPI
 *	no SA has (counted when Linux XFRM has no state in the namespace
 *	either; otherwise the packet is left to it)
 * @ZONESEC_A_STATS_DROP_CLEAR_TEXT: dropped: arrived in clear, but a
 *	protect policy (in for this host, fwd for forwarded packets) covers it
 * @ZONESEC_A_STATS_DROP_NO_SA_OUT: dropped: an out policy says protect but
 *	no SA matches its template (an ACQUIRE event was raised, rate limited)
 * @ZONESEC_A_STATS_DROP_DISCARD: dropped: a discard policy selected it
 */
enum zonesec_a_stats {
	ZONESEC_A_STATS_UNSPEC,
	ZONESEC_A_STATS_PACKETS_IN,
	ZONESEC_A_STATS_BYTES_IN,
	ZONESEC_A_STATS_PACKETS_OUT,
	ZONESEC_A_STATS_BYTES_OUT,
	ZONESEC_A_STATS_DROP_AUTH,
	ZONESEC_A_STATS_DROP_REPLAY,
	ZONESEC_A_STATS_DROP_MALFORMED,
	ZONESEC_A_STATS_DROP_CRYPTO,
	ZONESEC_A_STATS_DROP_TOO_BIG,
	ZONESEC_A_STATS_DROP_SEQ_OVERFLOW,
	ZONESEC_A_STATS_DROP_POLICY,
	ZONESEC_A_STATS_DROP_NOMEM,
	ZONESEC_A_STATS_PAD,
	ZONESEC_A_STATS_DROP_BAD_PADDING,
	ZONESEC_A_STATS_DROP_NO_SA,
	ZONESEC_A_STATS_DROP_CLEAR_TEXT,
	ZONESEC_A_STATS_DROP_NO_SA_OUT,
	ZONESEC_A_STATS_DROP_DISCARD,

	__ZONESEC_A_STATS_MAX,
	ZONESEC_A_STATS_MAX = __ZONESEC_A_STATS_MAX - 1
};

/**
 * enum zonesec_a_policy - a security policy
 *
 * The selector is SRC/SRC_PREFIXLEN, DST/DST_PREFIXLEN (same family),
 * PROTO and, for TCP, UDP, SCTP and UDP-Lite, port ranges, or for ICMP
 * and ICMPv6 the type. Lookups take the matching policy of lowest
 * PRIORITY value; among equals, the one added first.
 *
 * @ZONESEC_A_POLICY_ID: u32, assigned by the module (reply; or to name a
 *	policy in GET and DEL instead of DIR and the selector)
 * @ZONESEC_A_POLICY_DIR: u32, enum zonesec_dir
 * @ZONESEC_A_POLICY_SRC: binary 4 or 16, source prefix
 * @ZONESEC_A_POLICY_SRC_PREFIXLEN: u32, up to 32 or 128; default: all bits
 * @ZONESEC_A_POLICY_DST: binary 4 or 16, destination prefix
 * @ZONESEC_A_POLICY_DST_PREFIXLEN: u32, as SRC_PREFIXLEN
 * @ZONESEC_A_POLICY_PROTO: u32, IP protocol, 0 (default) for any
 * @ZONESEC_A_POLICY_SPORT_MIN: u32, lowest source port; default 0
 * @ZONESEC_A_POLICY_SPORT_MAX: u32, highest; default: SPORT_MIN if given,
 *	else 65535
 * @ZONESEC_A_POLICY_DPORT_MIN: u32, as SPORT_MIN for the destination
 * @ZONESEC_A_POLICY_DPORT_MAX: u32, as SPORT_MAX for the destination
 * @ZONESEC_A_POLICY_ICMP_TYPE: u32, 0 to 255; absent for any
 * @ZONESEC_A_POLICY_PRIORITY: u32, lower first; default 0
 * @ZONESEC_A_POLICY_ACTION: u32, enum zonesec_action; default protect
 * @ZONESEC_A_POLICY_TMPL: nest of enum zonesec_a_tmpl, with protect only
 */
enum zonesec_a_policy {
	ZONESEC_A_POLICY_UNSPEC,
	ZONESEC_A_POLICY_ID,
	ZONESEC_A_POLICY_DIR,
	ZONESEC_A_POLICY_SRC,
	ZONESEC_A_POLICY_SRC_PREFIXLEN,
	ZONESEC_A_POLICY_DST,
	ZONESEC_A_POLICY_DST_PREFIXLEN,
	ZONESEC_A_POLICY_PROTO,
	ZONESEC_A_POLICY_SPORT_MIN,
	ZONESEC_A_POLICY_SPORT_MAX,
	ZONESEC_A_POLICY_DPORT_MIN,
	ZONESEC_A_POLICY_DPORT_MAX,
	ZONESEC_A_POLICY_ICMP_TYPE,
	ZONESEC_A_POLICY_PRIORITY,
	ZONESEC_A_POLICY_ACTION,
	ZONESEC_A_POLICY_TMPL,

	__ZONESEC_A_POLICY_MAX,
	ZONESEC_A_POLICY_MAX = __ZONESEC_A_POLICY_MAX - 1
};

/**
 * enum zonesec_a_tmpl - the SA a protect policy asks for
 * @ZONESEC_A_TMPL_PROTO: u32, enum zonesec_proto; default esp
 * @ZONESEC_A_TMPL_MODE: u32, enum zonesec_mode; default transport
 * @ZONESEC_A_TMPL_SRC: binary 4 or 16, tunnel source (tunnel mode)
 * @ZONESEC_A_TMPL_DST: binary 4 or 16, tunnel destination (tunnel mode)
 * @ZONESEC_A_TMPL_REQID: u32, the SA's reqid; 0 = any
 */
enum zonesec_a_tmpl {
	ZONESEC_A_TMPL_UNSPEC,
	ZONESEC_A_TMPL_PROTO,
	ZONESEC_A_TMPL_MODE,
	ZONESEC_A_TMPL_SRC,
	ZONESEC_A_TMPL_DST,
	ZONESEC_A_TMPL_REQID,

	__ZONESEC_A_TMPL_MAX,
	ZONESEC_A_TMPL_MAX = __ZONESEC_A_TMPL_MAX - 1
};

/**
 * enum zonesec_cmd - commands
 *
 * Commands that change state need CAP_NET_ADMIN in the user namespace
 * that owns the network namespace. A refused request changes nothing and
 * carries an extended-ack message.
 *
 * @ZONESEC_CMD_INFO_GET: do: no request attributes; replies ZONESEC_A_INFO.
 *	Needs no privilege.
 * @ZONESEC_CMD_SA_NEW: do: ZONESEC_A_SA with at least SPI, PROTO, SRC,
 *	DST and the algorithms the protocol needs
 * @ZONESEC_CMD_SA_GET: do: ZONESEC_A_SA with SPI, DST, PROTO; dump: all
 *	SAs. Replies ZONESEC_A_SA without keys, with STATS.
 * @ZONESEC_CMD_SA_DEL: do: ZONESEC_A_SA with SPI, DST, PROTO
 * @ZONESEC_CMD_SA_FLUSH: do: no attributes; removes every SA
 * @ZONESEC_CMD_POLICY_NEW: do: ZONESEC_A_POLICY with DIR, SRC, DST and the
 *	rest of the selector, PRIORITY, ACTION, TMPL
 * @ZONESEC_CMD_POLICY_GET: do: ZONESEC_A_POLICY with ID, or with DIR and
 *	the selector; dump: all policies
 * @ZONESEC_CMD_POLICY_DEL: do: as POLICY_GET
 * @ZONESEC_CMD_POLICY_FLUSH: do: no attributes; removes every policy
 * @ZONESEC_CMD_SA_EXPIRE_NTF: notification on the events group: an SA
 *	reached a limit; ZONESEC_A_SA as in dumps, with EXPIRE
 * @ZONESEC_CMD_ACQUIRE_NTF: notification on the events group: a packet
 *	fell under a protect policy that has no SA; ZONESEC_A_POLICY as in
 *	dumps. At most one per policy and second.
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
 * @ZONESEC_CMD_RULE_LOG_NTF: notification on the events group: a rule with
 *	ZONESEC_RULE_F_LOG decided a packet; ZONESEC_A_LOG. At most 10 a
 *	second per namespace (with the kernel log lines, which are written
 *	only while nobody listens to the group).
 *
 * @ZONESEC_CMD_STATS_GET: do: no request attributes; replies
 *	ZONESEC_A_STATS, the namespace's counters (per-SA ones come with
 *	ZONESEC_CMD_SA_GET). Needs no privilege.
 */
enum zonesec_cmd {
	ZONESEC_CMD_UNSPEC,
	ZONESEC_CMD_INFO_GET,
	ZONESEC_CMD_SA_NEW,
	ZONESEC_CMD_SA_GET,
	ZONESEC_CMD_SA_DEL,
	ZONESEC_CMD_SA_FLUSH,
	ZONESEC_CMD_POLICY_NEW,
	ZONESEC_CMD_POLICY_GET,
	ZONESEC_CMD_POLICY_DEL,
	ZONESEC_CMD_POLICY_FLUSH,
	ZONESEC_CMD_SA_EXPIRE_NTF,
	ZONESEC_CMD_ACQUIRE_NTF,
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
	ZONESEC_CMD_RULE_LOG_NTF,
	/* statistics */
	ZONESEC_CMD_STATS_GET,

	__ZONESEC_CMD_MAX,
	ZONESEC_CMD_MAX = __ZONESEC_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_ZONESEC_H */
