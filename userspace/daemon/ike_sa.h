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

struct zs_child {
	bool installed;
	uint32_t reqid;
	uint32_t spi_in, spi_out;	/* host order; spi_in is ours */
	struct ike_selected esp;
	struct zsd_prefix ts_local, ts_remote;
	struct ike_child_keys keys;
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
	struct zs_child child;
	uint16_t error;			/* notify that ended it, for logs/tests */
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

/* Child SA (child.c). */
uint32_t zs_child_new_spi(void);
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
