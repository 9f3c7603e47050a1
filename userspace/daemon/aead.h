// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The AEAD ciphers that protect the SK payload: AES-GCM with a 16-octet
 * ICV (RFC 5282) and ChaCha20-Poly1305 (RFC 7634).  Both take a 4-octet
 * salt from the key material and an 8-octet explicit IV from the packet;
 * the nonce is salt || IV.
 *
 * One struct ike_aead is one direction's key (SK_ei or SK_er).  It hands
 * out IVs from a counter: RFC 5282 3.1 requires an IV never to repeat
 * under a key, and a counter guarantees it where random IVs only make it
 * likely.
 */
#ifndef ZS_AEAD_H
#define ZS_AEAD_H

#include "msg.h"

struct ike_aead {
	uint16_t encr_id;
	size_t key_len;
	uint8_t key[IKE_ENCR_KEY_MAX];
	uint8_t salt[IKEV2_AEAD_SALT_LEN];
	uint64_t next_iv;
};

/* Splits key material (key || salt) for encr_id with keylen_bits. */
enum ike_err ike_aead_init(struct ike_aead *a, uint16_t encr_id,
			   uint16_t keylen_bits, const uint8_t *keymat,
			   size_t len);
void ike_aead_wipe(struct ike_aead *a);

/* Encrypts data in place and writes the ICV. */
enum ike_err ike_aead_seal(const struct ike_aead *a,
			   const uint8_t iv[IKEV2_AEAD_IV_LEN],
			   const uint8_t *aad, size_t aad_len,
			   uint8_t *data, size_t len,
			   uint8_t icv[IKEV2_AEAD_ICV_LEN]);

/* Decrypts in into out (may be the same buffer); IKE_ERR_DECRYPT when
 * the ICV does not verify, and then out holds nothing usable. */
enum ike_err ike_aead_open(const struct ike_aead *a,
			   const uint8_t iv[IKEV2_AEAD_IV_LEN],
			   const uint8_t *aad, size_t aad_len,
			   const uint8_t *in, size_t len, uint8_t *out,
			   const uint8_t icv[IKEV2_AEAD_ICV_LEN]);

#endif /* ZS_AEAD_H */
