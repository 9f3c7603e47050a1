// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's one interface to the kernel's IPsec state (STYLE.md 13):
 * SAs and policies, each operation taking a parameter struct.  Backends:
 * Linux XFRM over netlink (kernel_xfrm.c), an in-memory fake for the unit
 * tests (kernel_fake.c), and the zonesec module through libzonesec
 * (kernel_zonesec.c), the default when the module is loaded.
 */
#ifndef ZS_KERNEL_H
#define ZS_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"

enum zs_dir { ZS_DIR_IN, ZS_DIR_OUT, ZS_DIR_FWD };

/* One ESP SA (one direction).  key is the IKE KEYMAT slice: key || salt. */
struct zs_sa_params {
	struct zsd_addr src, dst;
	uint32_t spi;			/* host order */
	uint32_t reqid;
	bool tunnel;
	uint16_t encr_id;		/* IKEV2_ENCR_AES_GCM_16 / _CHACHA20_POLY1305 */
	uint16_t encr_keylen;		/* bits, without the salt; 256 for ChaCha */
	const uint8_t *key;
	size_t key_len;
	uint64_t soft_s, hard_s;	/* lifetimes, 0 = none */
};

struct zs_sa_id {
	struct zsd_addr src, dst;
	uint32_t spi;
};

/* A policy: traffic from src to dst (ip_proto 0 = any) is protected by
 * the SA pair with reqid, tunnelled between tmpl_src and tmpl_dst. */
struct zs_policy_params {
	enum zs_dir dir;
	struct zsd_prefix src, dst;
	uint8_t ip_proto;
	struct zsd_addr tmpl_src, tmpl_dst;
	uint32_t reqid;
	bool tunnel;
};

/* What the kernel tells the daemon (the zonesec module's events group). */
enum kernel_event_type {
	KEV_ACQUIRE,		/* traffic met a protect policy with no SA */
	KEV_EXPIRE_SOFT,	/* an SA reached a soft limit: rekey */
	KEV_EXPIRE_HARD,	/* an SA reached a hard limit: it is gone */
};

struct kernel_event {
	enum kernel_event_type type;
	uint32_t reqid;			/* the policy's template, the SA's */
	struct zs_sa_id sa;		/* EXPIRE */
	struct zsd_prefix src, dst;	/* ACQUIRE: the policy's selector */
};

typedef void (*kernel_event_cb)(void *arg, const struct kernel_event *ev);

/* What one SA has carried, as the kernel counts it. */
struct kernel_sa_stats {
	uint64_t bytes, packets;
};

struct kernel_ops {
	const char *name;
	/* Returns 0 or -errno; *ctx is the backend's state. */
	int (*open)(void **ctx);
	void (*close)(void *ctx);
	int (*sa_add)(void *ctx, const struct zs_sa_params *p);
	int (*sa_del)(void *ctx, const struct zs_sa_id *id);
	int (*policy_add)(void *ctx, const struct zs_policy_params *p);
	int (*policy_del)(void *ctx, const struct zs_policy_params *p);
	/* Optional, NULL when the backend has none. */
	int (*sa_stats)(void *ctx, const struct zs_sa_id *id,
			struct kernel_sa_stats *st);
	/* A pollable fd for kernel events, or -1. */
	int (*event_fd)(void *ctx);
	/* Every event queued now, each to cb; 0 or -errno. */
	int (*event_read)(void *ctx, kernel_event_cb cb, void *arg);
};

extern const struct kernel_ops kernel_xfrm_ops;
extern const struct kernel_ops kernel_fake_ops;
extern const struct kernel_ops kernel_zonesec_ops;

/*
 * The backend by its config name, or NULL with *why saying why not.
 * "auto": zonesec when the module is loaded, else xfrm.
 */
const struct kernel_ops *kernel_lookup(const char *name, const char **why);
struct zs_conf;
/*
 * The config's [firewall] into the zonesec module in one step (nothing
 * without the section); 0, or -errno with the module's reason in err.
 */
int kernel_fw_load(const struct zs_conf *c, char *err, size_t len);
/* Is the zonesec module loaded in this network namespace? */
bool kernel_zonesec_present(void);

/* The fake's contents, for tests. */
struct kernel_fake_sa {
	struct zs_sa_params p;
	uint8_t key[64];
	struct kernel_sa_stats st;	/* what sa_stats reports */
	uint64_t added;			/* order of adding: the kernel sends
					 * on the newest SA of a reqid */
};
unsigned int kernel_fake_n_sa(void *ctx);
const struct kernel_fake_sa *kernel_fake_sa(void *ctx, unsigned int i);
/* Traffic on the SA with this SPI: its counters move; -1 if none. */
int kernel_fake_count(void *ctx, uint32_t spi, uint64_t packets);
unsigned int kernel_fake_n_policy(void *ctx);
const struct zs_policy_params *kernel_fake_policy(void *ctx, unsigned int i);

#endif /* ZS_KERNEL_H */
