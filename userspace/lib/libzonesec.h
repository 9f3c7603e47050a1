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

#endif /* LIBZONESEC_H */
