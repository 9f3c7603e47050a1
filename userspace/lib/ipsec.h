// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libzonesec: Security Associations and policies (ZONESEC_CMD_SA_*,
 * ZONESEC_CMD_POLICY_*). Keys go to the kernel and are never read back;
 * callers wipe their copies with zs_sa_wipe().
 */
#ifndef LIBZONESEC_IPSEC_H
#define LIBZONESEC_IPSEC_H

#include <stdbool.h>
#include <stdint.h>

#include "libzonesec.h"

/* enum zonesec_af and the address in network byte order. */
struct zs_addr {
	uint32_t af;
	uint8_t bytes[16];
};

int zs_addr_parse(const char *s, struct zs_addr *out);
/* "A" or "A/LEN"; LEN defaults to the family's full length */
int zs_prefix_parse(const char *s, struct zs_addr *out, uint32_t *plen);
const char *zs_addr_str(const struct zs_addr *a, char *buf, size_t len);
unsigned int zs_addr_bits(const struct zs_addr *a);

#define ZS_ALG_NAME_MAX	128
#define ZS_KEY_MAX	128

struct zs_sa_alg {
	bool set;
	char name[ZS_ALG_NAME_MAX];
	char driver[ZS_ALG_NAME_MAX];	/* replies */
	uint8_t key[ZS_KEY_MAX];	/* requests */
	size_t keylen;
	uint32_t bits;
};

#define ZS_LIFE_NUM	8	/* enum zonesec_a_lifetime, bytes-soft first */
/*
 * Counters, enum zonesec_a_stats in order without the pad: an SA has the
 * first ZS_SA_STATS_NUM, the namespace (zs_stats_get()) all of them.
 */
#define ZS_STATS_NUM		17
#define ZS_SA_STATS_NUM		13
#define ZS_STATS_FIRST_AFTER_PAD 12	/* drop-bad-padding */
#define ZS_STATS_FIRST_DROP	4	/* drop-auth */

struct zs_sa {
	uint32_t spi, proto, mode, inner_af, reqid, replay_window, flags;
	struct zs_addr src, dst;
	struct zs_sa_alg aead, enc, auth;
	uint64_t life[ZS_LIFE_NUM];
	uint64_t seq_out, seq_in;	/* ip-xfrm's replay-oseq, replay-seq */
	uint64_t stats[ZS_STATS_NUM];
	bool has_stats;
	uint32_t expire;		/* enum zonesec_expire, in events */
};

typedef int (*zs_sa_cb)(const struct zs_sa *sa, void *data);

void zs_sa_put(struct nlmsghdr *nlh, const struct zs_sa *sa, bool full);
int zs_sa_parse(const struct nlmsghdr *nlh, struct zs_sa *out,
		struct zs_error *err);
int zs_sa_new(struct zs_sock *sock, const struct zs_sa *sa,
	      struct zs_error *err);
int zs_sa_get(struct zs_sock *sock, const struct zs_sa *key,
	      struct zs_sa *out, struct zs_error *err);
int zs_sa_dump(struct zs_sock *sock, zs_sa_cb cb, void *data,
	       struct zs_error *err);
int zs_sa_del(struct zs_sock *sock, const struct zs_sa *key,
	      struct zs_error *err);
int zs_sa_flush(struct zs_sock *sock, struct zs_error *err);
void zs_sa_wipe(struct zs_sa *sa);
const char *zs_proto_name(uint32_t proto);
const char *zs_mode_name(uint32_t mode);
const char *zs_stat_name(unsigned int i);
int zs_stats_parse(const struct nlattr *nest, uint64_t out[ZS_STATS_NUM],
		   struct zs_error *err);
int zs_stats_get(struct zs_sock *sock, uint64_t out[ZS_STATS_NUM],
		 struct zs_error *err);
const char *zs_life_name(unsigned int i);

#define ZS_ICMP_ANY	(-1)

struct zs_policy {
	uint32_t id, dir;
	struct zs_addr src, dst;
	uint32_t src_plen, dst_plen, proto;
	bool has_ports;
	uint32_t sport_min, sport_max, dport_min, dport_max;
	int32_t icmp_type;
	uint32_t priority, action;
	bool has_tmpl;
	struct {
		uint32_t proto, mode, reqid;
		struct zs_addr src, dst;	/* af 0: none */
	} tmpl;
};

typedef int (*zs_policy_cb)(const struct zs_policy *pol, void *data);

void zs_policy_init(struct zs_policy *pol);
void zs_policy_put(struct nlmsghdr *nlh, const struct zs_policy *pol,
		   bool full);
int zs_policy_parse(const struct nlmsghdr *nlh, struct zs_policy *out,
		    struct zs_error *err);
int zs_policy_new(struct zs_sock *sock, const struct zs_policy *pol,
		  struct zs_error *err);
int zs_policy_get(struct zs_sock *sock, const struct zs_policy *key,
		  struct zs_policy *out, struct zs_error *err);
int zs_policy_dump(struct zs_sock *sock, zs_policy_cb cb, void *data,
		   struct zs_error *err);
int zs_policy_del(struct zs_sock *sock, const struct zs_policy *key,
		  struct zs_error *err);
int zs_policy_flush(struct zs_sock *sock, struct zs_error *err);
const char *zs_dir_name(uint32_t dir);
const char *zs_action_name(uint32_t action);

/* monitor.c: the events group */
/* RULE_LOG_NTF: a packet a rule with "log" decided (fwlog.c) */
struct zs_fw_logev {
	uint32_t handle;
	char from[ZS_NAME_MAX], to[ZS_NAME_MAX];
	uint32_t action;	/* enum zonesec_fw_action */
	uint32_t proto;
	struct zs_addr src, dst;
	bool has_ports, has_icmp_type;
	uint32_t sport, dport, icmp_type;
	char iif[16], oif[16];	/* "": none */
	uint32_t len;
};

int zs_fw_log_parse(const struct nlmsghdr *nlh, struct zs_fw_logev *ev,
		    struct zs_error *err);

struct zs_event {
	uint8_t cmd;		/* ZONESEC_CMD_*_NTF */
	struct zs_sa sa;	/* SA_EXPIRE_NTF */
	struct zs_policy pol;	/* ACQUIRE_NTF */
	struct zs_fw_logev log;	/* RULE_LOG_NTF */
};

/* Return 0 to go on, > 0 to stop with success, < 0 to stop with an error. */
typedef int (*zs_event_cb)(const struct zs_event *ev, void *data);

int zs_monitor(struct zs_sock *sock, zs_event_cb cb, void *data,
	       struct zs_error *err);
/* For an event loop: join once, then read when the fd is readable. */
int zs_events_join(struct zs_sock *sock, struct zs_error *err);
int zs_events_read(struct zs_sock *sock, zs_event_cb cb, void *data,
		   struct zs_error *err);
int zs_event_parse(const struct nlmsghdr *nlh, uint16_t family_id,
		   struct zs_event *ev, struct zs_error *err);

#endif /* LIBZONESEC_IPSEC_H */
