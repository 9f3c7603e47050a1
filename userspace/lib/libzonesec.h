// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libzonesec: the userspace client of the zonesec generic netlink family,
 * shared by the zonesec CLI and the zonesecd daemon.
 *
 * Every call that can fail takes a caller-owned struct zs_error and returns
 * 0 on success or a negative error code: -errno, or -ZS_ERR_NOFAMILY when
 * the family is not registered (the module is not loaded). On failure
 * err->msg holds a one-line message; when the kernel attached an extended
 * ack message, it is that exact text.
 */
#ifndef LIBZONESEC_H
#define LIBZONESEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/netlink.h>
#include <libmnl/libmnl.h>

/* Above any errno value, so it can never be confused with one. */
#define ZS_ERR_NOFAMILY	4096

#define ZS_ERRMSG_MAX	256

struct zs_error {
	int code;			/* negative, as returned */
	char msg[ZS_ERRMSG_MAX];	/* one line, no trailing newline */
	/* the kernel's NLMSGERR_ATTR_OFFS: where in the request the
	 * offending attribute starts; 0: not given */
	uint32_t bad_off;
};

/* error.c */
int zs_error_set(struct zs_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int zs_error_errno(struct zs_error *err, int code, const char *what);

/* netns.c: must run before zs_sock_open(); sockets keep their netns. */
int zs_netns_enter(const char *name, struct zs_error *err);

/* sock.c, family.c */
struct zs_sock;

int zs_sock_open(struct zs_sock **sockp, struct zs_error *err);
void zs_sock_close(struct zs_sock *sock);
uint32_t zs_sock_family_version(const struct zs_sock *sock);
uint32_t zs_sock_events_group(const struct zs_sock *sock);
int zs_sock_fd(const struct zs_sock *sock);	/* for poll() */

/* attr.c: strict, table-driven attribute validation */
struct zs_attr_policy {
	enum mnl_attr_data_type type;	/* MNL_TYPE_UNSPEC: not known, ignored */
	const char *name;		/* for error messages, YNL spelling */
	bool required;
};

int zs_attr_parse(const void *payload, size_t len,
		  const struct zs_attr_policy *policy, unsigned int maxtype,
		  const struct nlattr **tb, struct zs_error *err);
int zs_attr_parse_nested(const struct nlattr *nest,
			 const struct zs_attr_policy *policy,
			 unsigned int maxtype, const struct nlattr **tb,
			 struct zs_error *err);
int zs_genl_parse(const struct nlmsghdr *nlh,
		  const struct zs_attr_policy *policy, unsigned int maxtype,
		  const struct nlattr **tb, struct zs_error *err);

/* ack.c: NLMSG_ERROR and NLMSG_DONE, with the extended ack message */
int zs_ack_parse(const struct nlmsghdr *nlh, struct zs_error *err);

/* request.c: one request, its replies, its ack */
typedef int (*zs_reply_cb)(const struct nlmsghdr *nlh, void *data,
			   struct zs_error *err);

struct nlmsghdr *zs_request_start(struct zs_sock *sock, uint8_t cmd,
				  uint16_t flags);
int zs_request_run(struct zs_sock *sock, struct nlmsghdr *nlh,
		   zs_reply_cb cb, void *data, struct zs_error *err);

/* info.c */
struct zs_alg {
	char *name;
	char *driver;		/* "" when the kernel did not say */
	uint32_t kind;		/* enum zonesec_alg_kind; may be newer */
};

struct zs_info {
	char *module_version;
	uint32_t abi_version;
	uint64_t netns_cookie;
	struct zs_alg *algs;
	size_t n_algs;
};

int zs_info_get(struct zs_sock *sock, struct zs_info *out,
		struct zs_error *err);
int zs_info_parse(const struct nlmsghdr *nlh, struct zs_info *out,
		  struct zs_error *err);
void zs_info_free(struct zs_info *info);
const char *zs_alg_kind_name(uint32_t kind);

/* json.c: a small streaming JSON writer */
#define ZS_JSON_MAX_DEPTH 32

struct zs_json {
	FILE *f;
	unsigned int depth;
	bool need_comma[ZS_JSON_MAX_DEPTH];
	bool after_key;
	bool failed;		/* nesting misuse; see zs_json_end() */
};

void zs_json_init(struct zs_json *j, FILE *f);
void zs_json_object_begin(struct zs_json *j);
void zs_json_object_end(struct zs_json *j);
void zs_json_array_begin(struct zs_json *j);
void zs_json_array_end(struct zs_json *j);
void zs_json_key(struct zs_json *j, const char *key);
void zs_json_string(struct zs_json *j, const char *s);
void zs_json_u64(struct zs_json *j, uint64_t v);
void zs_json_i64(struct zs_json *j, int64_t v);
void zs_json_bool(struct zs_json *j, bool v);
void zs_json_null(struct zs_json *j);
void zs_json_kv_string(struct zs_json *j, const char *key, const char *s);
void zs_json_kv_u64(struct zs_json *j, const char *key, uint64_t v);
int zs_json_end(struct zs_json *j);

/* ---- zone firewall: zone.c, rule.c, fw.c ---------------------------------- */

#define ZS_NAME_MAX	16	/* ZONESEC_ZONE_NAME_MAX */

struct zs_prefix {
	uint8_t family;		/* AF_INET, AF_INET6; 0: none */
	uint8_t len;
	uint8_t addr[16];	/* network byte order */
};

struct zs_zone_policy {
	char to[ZS_NAME_MAX];
	uint32_t action;	/* enum zonesec_fw_action */
};

struct zs_zone {
	char name[ZS_NAME_MAX];
	bool builtin;
	size_t n_ifaces, n_prefixes, n_policies, n_ipsec;
	char ifaces[32][16];			/* ZONESEC_ZONE_IFACES_MAX */
	uint32_t ipsec[16];	/* SA reqids, 0: any SA; ZONESEC_ZONE_IPSEC_MAX */
	struct zs_prefix prefixes[64];		/* ZONESEC_ZONE_PREFIXES_MAX */
	struct zs_zone_policy policies[64];	/* ZONESEC_ZONES_MAX */
};

struct zs_rule {
	uint32_t handle;	/* 0: none (new); else replace this one */
	uint32_t position;	/* 1-based; 0: append */
	char from[ZS_NAME_MAX];
	char to[ZS_NAME_MAX];
	uint32_t proto;		/* 0: any */
	struct zs_prefix src, dst;
	uint32_t sport_min, sport_max, dport_min, dport_max; /* 0: any */
	bool has_icmp_type;
	uint32_t icmp_type;
	uint32_t action;	/* enum zonesec_fw_action */
	uint32_t flags;		/* enum zonesec_rule_flags */
	uint64_t packets, bytes;	/* from the kernel only */
};

struct zs_fw_state {
	uint64_t generation;
	uint32_t zones, rules;
	uint64_t invalid, policy_accept, policy_drop;
};

/* zone.c */
int zs_zone_new(struct zs_sock *sock, const struct zs_zone *zone,
		struct zs_error *err);
int zs_zone_del(struct zs_sock *sock, const char *name, struct zs_error *err);
int zs_zone_policy_set(struct zs_sock *sock, const char *from, const char *to,
		       uint32_t action, struct zs_error *err);
/* *zones is malloc'ed; free() it */
int zs_zone_list(struct zs_sock *sock, struct zs_zone **zones, size_t *n,
		 struct zs_error *err);
int zs_zone_put(struct nlmsghdr *nlh, size_t size, const struct zs_zone *zone,
		bool members, bool policies);
int zs_prefix_put(struct nlmsghdr *nlh, size_t size, uint16_t type,
		  const struct zs_prefix *p);
int zs_prefix_attr_parse(const struct nlattr *nest, struct zs_prefix *p,
			 struct zs_error *err);

/* rule.c */
int zs_rule_new(struct zs_sock *sock, const struct zs_rule *rule,
		struct zs_rule *out, struct zs_error *err);
int zs_rule_del(struct zs_sock *sock, uint32_t handle, struct zs_error *err);
/* *rules is malloc'ed; free() it */
int zs_rule_list(struct zs_sock *sock, struct zs_rule **rules, size_t *n,
		 struct zs_error *err);
int zs_rule_put(struct nlmsghdr *nlh, size_t size, const struct zs_rule *rule);

/* fw.c */

/* Which object of a refused zs_fw_load_at() the kernel pointed at. */
struct zs_fw_culprit {
	bool found;
	bool is_rule;		/* else a zone */
	size_t index;		/* in zones[] or rules[] */
	bool in_policy;		/* a zone's: in its policy ... */
	size_t policy;		/* ... policies[policy] */
};

int zs_fw_load_at(struct zs_sock *sock, const struct zs_zone *zones,
		  size_t n_zones, const struct zs_rule *rules, size_t n_rules,
		  struct zs_fw_culprit *culprit, struct zs_error *err);
int zs_fw_load(struct zs_sock *sock, const struct zs_zone *zones,
	       size_t n_zones, const struct zs_rule *rules, size_t n_rules,
	       struct zs_error *err);
int zs_fw_get(struct zs_sock *sock, struct zs_fw_state *st,
	      struct zs_error *err);
const char *zs_fw_action_name(uint32_t action);
int zs_fw_action_parse(const char *word);	/* 0: unknown */

#endif /* LIBZONESEC_H */
