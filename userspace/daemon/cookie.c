// SPDX-License-Identifier: GPL-2.0-or-later
/* Stateless COOKIEs for IKE_SA_INIT under load (RFC 7296 2.6). */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "cookie.h"
#include "prf.h"

static int rotate(struct zs_cookie_secret *s, uint64_t now)
{
	if (s->ready && now - s->rotated_at < ZS_COOKIE_ROTATE_MS)
		return 0;
	memcpy(s->prev, s->cur, sizeof(s->prev));
	if (RAND_bytes(s->cur, sizeof(s->cur)) != 1)
		return -1;
	if (!s->ready)
		memcpy(s->prev, s->cur, sizeof(s->prev));
	s->version++;
	s->rotated_at = now;
	s->ready = true;
	return 0;
}

static int compute(const uint8_t secret[IKE_PRF_LEN], uint8_t version,
		   const struct ike_msg *req, const struct zsd_addr *remote,
		   uint8_t out[ZS_COOKIE_LEN])
{
	const struct ike_chunk parts[] = {
		req->nonce,
		{ remote->ip, zsd_addr_len(remote) },
		{ req->hdr.spi_i, IKE_SPI_LEN },
	};

	out[0] = version;
	return ike_prf(secret, IKE_PRF_LEN, parts, 3, out + 1) ? -1 : 0;
}

int zs_cookie_make(struct zs_cookie_secret *s, uint64_t now,
		   const struct ike_msg *req, const struct zsd_addr *remote,
		   uint8_t out[ZS_COOKIE_LEN])
{
	if (rotate(s, now))
		return -1;
	return compute(s->cur, s->version, req, remote, out);
}

bool zs_cookie_check(struct zs_cookie_secret *s, uint64_t now,
		     const struct ike_msg *req, const struct zsd_addr *remote)
{
	const struct ike_notify *n = ike_msg_notify(req, IKEV2_N_COOKIE);
	uint8_t want[ZS_COOKIE_LEN];
	const uint8_t *secret;
	bool ok;

	if (!n || n->data.len != ZS_COOKIE_LEN || rotate(s, now))
		return false;
	if (n->data.ptr[0] == s->version)
		secret = s->cur;
	else if (n->data.ptr[0] == (uint8_t)(s->version - 1))
		secret = s->prev;
	else
		return false;
	ok = !compute(secret, n->data.ptr[0], req, remote, want) &&
	     !CRYPTO_memcmp(want, n->data.ptr, ZS_COOKIE_LEN);
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

void zs_cookie_wipe(struct zs_cookie_secret *s)
{
	OPENSSL_cleanse(s, sizeof(*s));
}
