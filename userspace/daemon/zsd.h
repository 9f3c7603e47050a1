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
#include <stdio.h>

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
	void (*send)(void *ctx, const struct zsd_addr *local,
		     const struct zsd_addr *remote, const uint8_t *buf,
		     size_t len);
	/* local address the kernel would use to reach remote (initiator) */
	int (*source)(void *ctx, const struct zsd_addr *remote,
		      struct zsd_addr *local);
	void *ctx;
};

struct zs_ike;

/* What the daemon keeps of a tunnel across its IKE SAs (zsd_tunnel.c). */
struct zsd_tunnel {
	char name[ZS_TUNNEL_NAME_MAX];
	uint32_t reqid;		/* stable: a trap and its children share it */
	bool trapped;		/* its ACQUIRE trap policy is installed */
	bool admin_down;	/* `zonesec tunnel down`: no start on traffic */
	int64_t last_up;	/* wall clock, s: last child SA installed */
	bool init_waiting;	/* to be initiated when there is room */
	bool init_restart;	/* ... as a restart (dpd_action = restart) */
	struct zs_policy_params trap;
};

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
	struct zsd_tunnel *tuns;
	unsigned int n_tuns, cap_tuns;
	unsigned int n_init_waiting;	/* tunnels with init_waiting */
	/* COOKIE secret (cookie.c) and how many were sent */
	struct zs_cookie_secret cookie;
	unsigned int n_cookies_sent;
	/* liveness (ike_tasks.c): checks sent, and checks not needed
	 * because ESP from the peer kept arriving (RFC 7296 2.4) */
	unsigned int n_dpd_sent, n_dpd_skipped;
	unsigned int half_open_peak;	/* most half-open SAs at once */
	/* rekeys of the peer's that crossed ours and were answered, the
	 * nonces deciding (RFC 7296 2.8.1, 2.8.2); TEMPORARY_FAILURE
	 * answers sent (2.25) */
	unsigned int n_rekey_collisions, n_temp_failures;
};

void zsd_init(struct zsd *d, const struct zs_conf *conf,
	      const struct kernel_ops *kops, void *kctx,
	      const struct zs_transport *io, uint64_t now);
/* Deletes every IKE SA (telling peers when told to) and its child SAs. */
void zsd_shutdown(struct zsd *d, bool notify_peers);

/* Initiating (zsd_initiate.c), ZSD_INIT_PARALLEL at a time. */
/* Starts every tunnel whose start is "load". */
void zsd_start(struct zsd *d);
/* Starts one tunnel by name, now or when there is room; -1 if unknown. */
int zsd_initiate(struct zsd *d, const char *tunnel);
/* The same, after its peer was declared dead: it restarts if it dies again. */
int zsd_initiate_again(struct zsd *d, const char *tunnel);
/* The tunnel no longer waits to be initiated (taken down, removed). */
void zsd_initiate_cancel(struct zsd *d, struct zsd_tunnel *t);
/* Our initiations whose IKE_SA_INIT or IKE_AUTH is not answered yet. */
unsigned int zsd_initiations(const struct zsd *d);
/* From zsd_tick(): starts waiting tunnels while there is room. */
void zsd_initiate_waiting(struct zsd *d);

/* One received datagram. */
void zsd_input(struct zsd *d, const struct zsd_addr *local,
	       const struct zsd_addr *remote, const uint8_t *buf, size_t len);
/* Runs the timers due at now; returns the ms until the next one (-1 none). */
int zsd_tick(struct zsd *d, uint64_t now);

void zsd_drop(struct zsd *d, unsigned int reason, const char *what);
/* The daemon's counters as one JSON object, for `stats` (zsd_stats.c). */
void zsd_stats_json(struct zsd *d, FILE *out);

/* Tunnels and the kernel (zsd_tunnel.c). */
/* The tunnel's reqid, the same for all its child SAs. */
uint32_t zsd_reqid(struct zsd *d, const struct zs_tunnel_conf *t);
/* The state kept for a tunnel by name, NULL if never seen. */
struct zsd_tunnel *zsd_tunnel_find(struct zsd *d, const char *name);
/* The same, made when missing (NULL: out of memory); may move the table. */
struct zsd_tunnel *zsd_tunnel_get(struct zsd *d, const char *name);
/* The IKE SA that serves a tunnel now (not dead), or NULL. */
struct zs_ike *zsd_tunnel_ike(struct zsd *d, const char *name);
/* Hook: a child SA of ike was installed in the kernel. */
void zsd_child_up(struct zs_ike *ike);
/*
 * Hook: a child SA of ike reached its soft lifetime (the kernel's soft
 * EXPIRE of SA spi): starts its rekey with CREATE_CHILD_SA, make before
 * break, through zsd_child_expire().
 */
void zsd_child_rekey(struct zs_ike *ike, uint32_t spi);
/*
 * Hook: ike's current child SA is gone before a rekey replaced it (hard
 * EXPIRE): the IKE SA is deleted and, for start = load, negotiated anew.
 */
void zsd_child_lost(struct zs_ike *ike);
/* One event from the kernel backend: ACQUIRE, soft or hard EXPIRE. */
void zsd_kernel_event(void *d, const struct kernel_event *ev);
/* Installs / removes the ACQUIRE traps of the "start = traffic" tunnels. */
void zsd_traps_install(struct zsd *d);
void zsd_traps_remove(struct zsd *d);
/* Takes a tunnel down: deletes its IKE SA and its trap.  -1 if unknown. */
int zsd_tunnel_down(struct zsd *d, const char *name);
/* Brings it up (again): its trap, and a negotiation now.  -1 if unknown. */
int zsd_tunnel_up(struct zsd *d, const char *name);
/*
 * Moves to a new configuration (the caller frees the old one after):
 * tunnels that remain unchanged keep their IKE SAs, those gone are
 * deleted, those changed (zsd_tunnel_changed) are deleted and, with
 * start = load, negotiated anew; traps follow, new tunnels with
 * start = load start.
 */
void zsd_reconfigure(struct zsd *d, const struct zs_conf *c);
/*
 * After a reconfiguration without it (`tunnel del`): forgets what was
 * kept of a tunnel (admin down, last handshake), so that a tunnel added
 * again by that name starts afresh.  Its trap must be gone already.
 */
void zsd_tunnel_forget(struct zsd *d, const char *name);
/*
 * Does tunnel o of oc, become n of nc, change what its IKE SA was
 * negotiated with (peer, identities, authentication, selectors,
 * proposals)?  Then reload renegotiates it (zsd_reload.c).
 */
bool zsd_tunnel_changed(const struct zs_conf *oc,
			const struct zs_tunnel_conf *o,
			const struct zs_conf *nc,
			const struct zs_tunnel_conf *n);
/*
 * The kernel backend's soft (rekey now) or hard (gone) EXPIRE of one of
 * our child SAs, by SPI, inbound or outbound (ike_tasks.c).  A hard
 * EXPIRE of a pair that a rekey replaced only forgets that SA; of the
 * current pair, it switches to a rekey's new pair if one is in, else
 * calls zsd_child_lost().
 */
void zsd_child_expire(struct zsd *d, uint32_t spi, bool hard);

#endif /* ZS_ZSD_H */
