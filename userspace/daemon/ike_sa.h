// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An IKE SA and its one child SA, and the exchanges on it as tasks: each
 * exchange is a build function (the request), a respond function (the
 * peer's request in, our response out) and a process function (the
 * response to our request).  Window size 1: at most one request of ours
 * outstanding, kept for retransmission; the last response we sent kept
 * to answer a retransmitted request.
 */
#ifndef ZS_IKE_SA_H
#define ZS_IKE_SA_H

#include "aead.h"
#include "dh.h"
#include "keys.h"
#include "msg.h"
#include "proposal.h"
#include "zsd.h"

enum zs_ike_state {
	IKE_S_INIT_SENT,	/* initiator: IKE_SA_INIT request out */
	IKE_S_AUTH_SENT,	/* initiator: IKE_AUTH request out */
	IKE_S_INIT_DONE,	/* responder: waiting for IKE_AUTH */
	IKE_S_ESTABLISHED,
	IKE_S_DELETING,		/* our delete is out */
	IKE_S_DEAD,		/* to be freed by the next tick */
};

enum {
	IKE_RETX_BASE_MS	= 1000,	/* then 2, 4, 8, 16 s */
	IKE_RETX_TRIES		= 5,
	IKE_HALF_OPEN_MAX	= 64,
	IKE_HALF_OPEN_TIMEOUT_MS = 30000,
};

/*
 * One child SA pair.  An IKE SA holds up to four: the one in use, the
 * one the peer's rekey is bringing up (`pend`), the one it replaced
 * (`old`), kept for a grace period so that packets already in flight
 * under it still decrypt (make before break), and, when both sides
 * rekey at once, the peer's pair while the nonces have not decided
 * yet, or after they made it the redundant one (`coll`, RFC 7296
 * 2.8.1).  The policies belong to the IKE SA, not to a pair: a rekey
 * keeps the reqid and the selectors, and the kernel sends on the newest
 * SA of a reqid, so only the pair that survives a collision ever gets
 * its outbound SA installed.
 */
struct zs_child {
	bool sa_in, sa_out;		/* which halves the kernel holds */
	bool initiator;			/* of the exchange that made it (2.17) */
	uint32_t reqid;
	uint32_t spi_in, spi_out;	/* host order; spi_in is ours */
	struct ike_selected esp;
	struct zsd_prefix ts_local, ts_remote;
	struct ike_child_keys keys;
	uint64_t rekey_at;		/* ms; 0 = no rekey planned */
	uint64_t gone_at;		/* old: its SAs are removed then */
};

static inline bool zs_child_live(const struct zs_child *c)
{
	return c->sa_in || c->sa_out;
}

/* Exchanges an established IKE SA starts on its own (ike_tasks.c), in the
 * order they go out; window size 1, so one at a time. */
enum {
	ZS_TASK_CHILD_DELETE	= 1u << 0,	/* delete `old` */
	ZS_TASK_CHILD_REKEY	= 1u << 1,
	ZS_TASK_IKE_REKEY	= 1u << 2,
	ZS_TASK_IKE_DELETE	= 1u << 3,	/* after we rekeyed it */
	ZS_TASK_DPD		= 1u << 4,
	ZS_TASK_REDUNDANT_DELETE = 1u << 5,	/* ours, of a collision */
};

enum {
	ZS_CHILD_GRACE_MS	= 2000,	/* old SAs kept after the switch */
	ZS_OUT_WAIT_MS		= 5000,	/* responder: outbound switch at the
					 * latest then, if no delete came */
	ZS_REKEY_RETRY_MS	= 3000,	/* after TEMPORARY_FAILURE (2.25) */
	ZS_REDUNDANT_WAIT_MS	= 10000, /* the peer's redundant pair is
					  * removed then, if no delete came */
	ZS_OLD_IKE_LINGER_MS	= 30000, /* an IKE SA the peer is to delete
					  * (old, redundant) goes then */
};

/* ESP choices of a child rekey: each configured one, with PFS once per
 * key exchange group we know (ike_ccsa.c) */
enum { ZS_REKEY_CHOICES = 3 * ZS_CONF_MAX_PROPOSALS };

/*
 * A CREATE_CHILD_SA of ours in flight: what the response completes.
 * When the peer's rekey of the same SA crossed it and was answered as
 * usual (RFC 7296 2.25), `collided` is set and `peer_low` holds the
 * lower of that exchange's two nonces: the response decides which of
 * the two new SAs is redundant (2.8.1, 2.8.2).
 */
struct zs_rekey {
	bool ike;			/* rekeys the IKE SA, else the child */
	uint8_t nonce[IKE_NONCE_LEN];
	uint8_t spi[IKE_SPI_LEN];	/* the new IKE SA's SPIi */
	uint32_t spi_in;		/* child: the new pair's inbound SPI */
	uint32_t old_spi;		/* child: inbound SPI of the pair it
					 * replaces */
	struct ike_dh *dh;
	uint16_t group;
	bool collided;
	uint8_t peer_low[IKE_NONCE_MAX];	/* child */
	size_t peer_low_len;
	uint8_t coll_spi[IKE_SPI_LEN];	/* IKE: our SPI (SPIr) of the new
					 * IKE SA the peer's rekey made */
};

struct zs_ike {
	struct zs_ike *next;
	struct zsd *d;
	const struct zs_tunnel_conf *tun;
	bool initiator;
	enum zs_ike_state state;
	struct zsd_addr local, remote;
	uint8_t spi_i[IKE_SPI_LEN], spi_r[IKE_SPI_LEN];

	struct ike_dh *dh;
	uint16_t dh_group;
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	size_t ni_len, nr_len;
	struct ike_selected ike_sel;
	struct ike_keys keys;
	struct ike_aead aead_out, aead_in;
	uint8_t cookie[64];
	size_t cookie_len;
	unsigned int restarts;		/* COOKIE / INVALID_KE rounds */

	/* the IKE_SA_INIT messages, for AUTH's signed octets */
	uint8_t *init_req, *init_resp;
	size_t init_req_len, init_resp_len;

	/* window */
	uint32_t msgid_next;		/* our next request */
	uint32_t msgid_expect;		/* the peer's next request */
	uint8_t *req;			/* outstanding request, or NULL */
	size_t req_len;
	uint32_t req_msgid;
	uint8_t req_exchange;
	unsigned int retx;
	uint64_t retx_at;
	uint8_t *resp;			/* last response sent */
	size_t resp_len;

	uint64_t expire_at;		/* half-open timeout, 0 = none */
	struct zs_child child, pend, old, coll;
	bool policies;			/* the child's policies are installed */
	uint16_t error;			/* notify that ended it, for logs/tests */

	/* rekey and liveness (ike_tasks.c, ike_ccsa.c, ike_rekey.c) */
	unsigned int tasks;		/* ZS_TASK_* waiting for the window */
	struct zs_rekey rk;		/* valid while req_exchange is CCSA */
	uint64_t ike_rekey_at;		/* 0 = none */
	uint64_t last_rx;		/* ms of the last authentic message */
	uint32_t redundant_spi;		/* our redundant pair, to delete */
	uint32_t esp_spi;		/* inbound SA whose packets... */
	uint64_t esp_packets;		/* ...were counted at the last look */
	uint64_t retry_at;		/* a refused rekey is tried again */
	bool dpd_out;			/* the request out is a liveness check */
	bool child_del_out;		/* the request out deletes `old` */
	bool restart;			/* re-initiate if the peer goes silent */
	bool rekeyed;			/* replaced by a rekey, not dead */
};

/* Lifecycle and lookup (ike_sa.c). */
struct zs_ike *zs_ike_new(struct zsd *d, bool initiator,
			  const struct zsd_addr *local,
			  const struct zsd_addr *remote);
void zs_ike_free(struct zs_ike *ike);
void zs_ike_dead(struct zs_ike *ike, const char *why);
struct zs_ike *zs_ike_find(struct zsd *d, const uint8_t spi[IKE_SPI_LEN],
			   bool ours_is_i);
struct zs_ike *zs_ike_find_half_open(struct zsd *d,
				     const uint8_t spi_i[IKE_SPI_LEN],
				     const struct zsd_addr *remote);
unsigned int zs_ike_count_half_open(struct zsd *d);
const char *zs_ike_name(const struct zs_ike *ike);

/* Key material once IKE_SA_INIT is done (ike_sa.c). */
enum ike_err zs_ike_derive(struct zs_ike *ike, const struct ike_chunk *peer_ke);
/* The same from SKEYSEED, with ni, nr, SPIs and ike_sel set (rekey). */
enum ike_err zs_ike_keys_from_seed(struct zs_ike *ike,
				   const uint8_t seed[IKE_PRF_LEN]);

/* Sending (ike_send.c): header filled from the SA; sk = encrypt. */
void zs_ike_hdr(struct zs_ike *ike, struct ike_msg *m, uint8_t exchange,
		bool response, uint32_t msgid);
enum ike_err zs_ike_send_request(struct zs_ike *ike, struct ike_msg *m,
				 bool sk);
enum ike_err zs_ike_send_response(struct zs_ike *ike, struct ike_msg *m,
				  bool sk);
void zs_ike_retransmit(struct zs_ike *ike);
/* An unencrypted error notify in answer to an IKE_SA_INIT request. */
void zs_send_init_error(struct zsd *d, const struct zsd_addr *local,
			const struct zsd_addr *remote, const struct ike_msg *req,
			uint16_t type, const uint8_t *data, size_t len);

/* Does the message carry a payload of this type? */
static inline bool zs_msg_has(const struct ike_msg *m, uint8_t type)
{
	for (unsigned int i = 0; i < m->n_order; i++)
		if (m->order[i] == type)
			return true;
	return false;
}

/* The first error notify (type < 16384) in m, or 0. */
uint16_t zs_msg_error(const struct ike_msg *m);

/* Tasks. */
int zs_task_init_start(struct zs_ike *ike);
void zs_task_init_respond(struct zsd *d, const struct zsd_addr *local,
			  const struct zsd_addr *remote, struct ike_msg *m,
			  const uint8_t *raw, size_t len);
void zs_task_init_process(struct zs_ike *ike, struct ike_msg *m,
			  const uint8_t *raw, size_t len);
void zs_task_auth_start(struct zs_ike *ike);
void zs_task_auth_respond(struct zs_ike *ike, struct ike_msg *m);
void zs_task_auth_process(struct zs_ike *ike, struct ike_msg *m);
void zs_task_info_respond(struct zs_ike *ike, struct ike_msg *m);
void zs_task_info_process(struct zs_ike *ike, struct ike_msg *m);
void zs_task_delete_start(struct zs_ike *ike);
void zs_task_child_delete_start(struct zs_ike *ike);
void zs_task_redundant_delete_start(struct zs_ike *ike);
void zs_task_dpd_start(struct zs_ike *ike);

/* CREATE_CHILD_SA (ike_ccsa.c: child rekey; ike_rekey.c: IKE rekey). */
void zs_task_ccsa_respond(struct zs_ike *ike, struct ike_msg *m);
void zs_task_ccsa_process(struct zs_ike *ike, struct ike_msg *m);
void zs_task_child_rekey_start(struct zs_ike *ike);
void zs_task_ike_rekey_start(struct zs_ike *ike);
/* IKE rekey: the response to a peer's request, and processing ours. */
void zs_ike_rekey_respond(struct zs_ike *ike, struct ike_msg *m);
void zs_ike_rekey_process(struct zs_ike *ike, struct ike_msg *m);
/* The peer deletes this IKE SA while its rekey of it crossed ours: the
 * new IKE SA of its rekey takes the children (2.25.2). */
void zs_ike_rekey_peer_chose(struct zs_ike *ike);
void zs_rekey_clear(struct zs_rekey *rk);
/* RFC 7296 2.8.1's order of nonces: octet by octet, a nonce that ends
 * first being the lower; <0, 0, >0 as memcmp. */
int zs_nonce_cmp(const uint8_t *a, size_t a_len, const uint8_t *b,
		 size_t b_len);
/* The lower of an exchange's two nonces. */
const struct ike_chunk *zs_nonce_low(const struct ike_chunk *ni,
				     const struct ike_chunk *nr);
/* The responder's outbound switch to `pend`, `child` becoming `old`. */
void zs_child_switch(struct zs_ike *ike);
/* The peer's pair of a collision goes on as a plain responder's rekey
 * (`coll` to `pend`): ours lost, failed, or the peer already chose. */
void zs_child_coll_wins(struct zs_ike *ike);
/* base to 2 * base, at random. */
uint64_t zs_jitter(uint64_t base);

/* Timers of an established SA (ike_tasks.c): starts what is due, and
 * lowers *next to its next deadline. */
void zs_ike_tick(struct zs_ike *ike, uint64_t *next);
/* Plans the rekeys of a newly established SA / of its new child. */
void zs_ike_plan(struct zs_ike *ike);
void zs_child_plan(struct zs_ike *ike, struct zs_child *c);
/* No answer after the retransmissions: torn down, maybe re-initiated. */
void zs_ike_peer_dead(struct zs_ike *ike);
/* An authentic message came from the peer. */
static inline void zs_ike_heard(struct zs_ike *ike)
{
	ike->last_rx = ike->d->now;
}

/* Child SA (child.c). */
uint32_t zs_child_new_spi(void);
/* Keys of c from SK_d and the exchange's nonces (and g^ir with PFS). */
int zs_child_derive(struct zs_ike *ike, struct zs_child *c,
		    const struct ike_chunk *gir, const struct ike_chunk *ni,
		    const struct ike_chunk *nr);
/* Adds one half of c to the kernel (c's keys must be derived). */
int zs_child_sa_add(struct zs_ike *ike, struct zs_child *c, bool in);
/* Removes what the kernel holds of c and forgets c. */
void zs_child_remove(struct zs_ike *ike, struct zs_child *c);
/* The child pair (of three) whose outbound or inbound SPI is spi. */
struct zs_child *zs_child_by_spi(struct zs_ike *ike, uint32_t spi, bool out);
/* Narrows the peer's selectors to ours; false if they do not meet. */
bool zs_child_narrow(const struct zsd_prefix *ours, const struct ike_ts_set *peer,
		     struct zsd_prefix *out);
void zs_child_ts(const struct zsd_prefix *p, struct ike_ts_set *set);
int zs_child_install(struct zs_ike *ike);
/*
 * Responder: several tunnels to one peer (same address and credentials)
 * are told apart by the selectors the initiator proposes; the tunnel
 * whose prefixes meet them, t itself first (zsd_tunnel.c).
 */
/* Does another tunnel share t's peer and credentials? */
bool zsd_tunnel_shared(struct zsd *d, const struct zs_tunnel_conf *t);
const struct zs_tunnel_conf *zsd_tunnel_for_ts(struct zsd *d,
					       const struct zs_tunnel_conf *t,
					       const struct ike_ts_set *tsi,
					       const struct ike_ts_set *tsr);
void zs_child_uninstall(struct zs_ike *ike);

/* AUTH of either side (auth_task.c helpers). */
enum ike_err zs_auth_make(struct zs_ike *ike, uint8_t *id_body, size_t *id_len,
			  struct ike_msg *m, uint8_t *auth_buf, size_t cap);
enum ike_err zs_auth_check(struct zs_ike *ike, const struct ike_msg *m,
			   const struct ike_id *peer_id);

#endif /* ZS_IKE_SA_H */
