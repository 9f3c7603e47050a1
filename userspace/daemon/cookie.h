// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Stateless COOKIEs (RFC 7296 2.6): above cookie_threshold half-open SAs
 * the responder answers IKE_SA_INIT with
 *	COOKIE = version | HMAC-SHA2-256(secret, Ni | IPi | SPIi)
 * and keeps nothing; a request that brings a cookie made with the current
 * or the previous secret goes on.  The secret changes every
 * ZS_COOKIE_ROTATE_MS.
 */
#ifndef ZS_COOKIE_H
#define ZS_COOKIE_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "msg.h"

enum {
	ZS_COOKIE_LEN		= 1 + IKE_PRF_LEN,
	ZS_COOKIE_ROTATE_MS	= 300000,
};

struct zs_cookie_secret {
	bool ready;
	uint8_t version;		/* of cur; prev is version - 1 */
	uint8_t cur[IKE_PRF_LEN], prev[IKE_PRF_LEN];
	uint64_t rotated_at;
};

/* The cookie for this request now; 0 or -1 (no randomness). */
int zs_cookie_make(struct zs_cookie_secret *s, uint64_t now,
		   const struct ike_msg *req, const struct zsd_addr *remote,
		   uint8_t out[ZS_COOKIE_LEN]);
/* Does the request carry a cookie we made (current or previous secret)? */
bool zs_cookie_check(struct zs_cookie_secret *s, uint64_t now,
		     const struct ike_msg *req, const struct zsd_addr *remote);
void zs_cookie_wipe(struct zs_cookie_secret *s);

#endif /* ZS_COOKIE_H */
