// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sealing and opening SK payloads.  Opening runs on unauthenticated input
 * up to the ICV check, so the body is sized before any crypto, and the
 * inner chain is parsed only after the ICV verified.
 */
#include "buf.h"
#include "sk.h"

enum ike_err ike_sk_seal(struct ike_aead *a, uint8_t *msg,
			 const struct ike_sk_layout *l)
{
	uint8_t *iv = msg + l->iv_off;

	if (a->next_iv == UINT64_MAX)
		return IKE_ERR_CRYPTO;	/* rekey long before this */
	put_be32(iv, (uint32_t)(a->next_iv >> 32));
	put_be32(iv + 4, (uint32_t)a->next_iv);
	a->next_iv++;
	return ike_aead_seal(a, iv, msg, l->iv_off, msg + l->plain_off,
			     l->plain_len, msg + l->icv_off);
}

enum ike_err ike_sk_open(const struct ike_aead *a, struct ike_msg *m,
			 uint8_t *plain, size_t cap)
{
	const uint8_t *body = m->sk_body.ptr;
	size_t ct_len;
	enum ike_err err;

	if (!m->has_sk)
		return IKE_ERR_INVALID;
	/* IV, at least the pad length octet, ICV */
	if (m->sk_body.len < IKEV2_AEAD_IV_LEN + 1 + IKEV2_AEAD_ICV_LEN)
		return IKE_ERR_SK_SHORT;
	ct_len = m->sk_body.len - IKEV2_AEAD_IV_LEN - IKEV2_AEAD_ICV_LEN;
	if (cap < ct_len)
		return IKE_ERR_NOSPACE;
	err = ike_aead_open(a, body, m->raw, m->sk_off + IKEV2_GEN_HDR_LEN,
			    body + IKEV2_AEAD_IV_LEN, ct_len, plain,
			    body + IKEV2_AEAD_IV_LEN + ct_len);
	if (err)
		return err;
	return ike_msg_parse_inner(m, plain, ct_len);
}
