// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One zonesecd instance: the configuration, the IKE SAs, and the two
 * things it talks through, a transport (send a datagram) and a kernel
 * backend.  It owns no socket and no clock: the event loop (main.c) or a
 * unit test feeds it datagrams and the time, so two instances can talk
 * to each other in one process.
 */
#ifndef ZS_ZSD_H
#define ZS_ZSD_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "conf.h"
#include "cookie.h"
#include "err.h"
#include "kernel.h"

/* Drop reasons: the codec's, then the daemon's own. */
enum zs_drop {
	ZS_DROP_NO_SA = IKE_ERR__MAX,	/* no IKE SA for the SPIs */
	ZS_DROP_MSGID,			/* outside the window */
	ZS_DROP_UNEXPECTED,		/* exchange not valid in this state */
	ZS_DROP_NO_TUNNEL,		/* IKE_SA_INIT from an unknown peer */
	ZS_DROP_HALF_OPEN,		/* half-open limit reached */
	ZS_DROP__MAX
};

const char *zs_drop_name(unsigned int reason);

struct zs_transport {
	/* Sends one datagram; errors are logged by the transport. */
	void (*send)(void *ctx, const struct zs_addr *local,
		     const struct zs_addr *remote, const uint8_t *buf,
		     size_t len);
	/* local address the kernel would use to reach remote (initiator) */
	int (*source)(void *ctx, const struct zs_addr *remote,
		      struct zs_addr *local);
	void *ctx;
};

struct zs_ike;

struct zsd {
	const struct zs_conf *conf;
	const struct kernel_ops *kops;
	void *kctx;
	struct zs_transport io;
	uint64_t now;			/* ms, monotonic */
	struct zs_ike *sas;
	unsigned int n_sas;
	uint32_t next_reqid;
	uint64_t drops[ZS_DROP__MAX];
	/* what happened, for tests and for `show` later */
	unsigned int n_established, n_auth_failed, n_children;
	/* ike-proto: COOKIE secret (cookie.c) and how many were sent */
	struct zs_cookie_secret cookie;
	unsigned int n_cookies_sent;
};

void zsd_init(struct zsd *d, const struct zs_conf *conf,
	      const struct kernel_ops *kops, void *kctx,
	      const struct zs_transport *io, uint64_t now);
/* Deletes every IKE SA (telling peers when told to) and its child SAs. */
void zsd_shutdown(struct zsd *d, bool notify_peers);

/* Starts every tunnel whose start is "load". */
void zsd_start(struct zsd *d);
/* Starts one tunnel by name; -1 if unknown. */
int zsd_initiate(struct zsd *d, const char *tunnel);

/* One received datagram. */
void zsd_input(struct zsd *d, const struct zs_addr *local,
	       const struct zs_addr *remote, const uint8_t *buf, size_t len);
/* Runs the timers due at now; returns the ms until the next one (-1 none). */
int zsd_tick(struct zsd *d, uint64_t now);

void zsd_drop(struct zsd *d, unsigned int reason, const char *what);

/* ike-proto: the kernel backend's soft (rekey now) or hard (gone) EXPIRE
 * of one of our child SAs, by SPI, inbound or outbound (ike_tasks.c). */
void zsd_child_expire(struct zsd *d, uint32_t spi, bool hard);

#endif /* ZS_ZSD_H */
