// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AUTH payload data (RFC 7296 2.15): pre-shared key, and Ed25519 raw
 * public keys through the Digital Signature method (RFC 7427, RFC 8420).
 *
 * What is authenticated, for the initiator (swap i and r for the
 * responder):
 *   InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI
 *   MACedIDForI = prf(SK_pi, RestOfInitIDPayload)
 * where RealMessage1 is our own IKE_SA_INIT message as sent, NonceRData
 * the peer's nonce, RestOfInitIDPayload our ID payload after its generic
 * header.
 */
#ifndef ZS_AUTH_H
#define ZS_AUTH_H

#include <openssl/evp.h>

#include "msg.h"

struct ike_auth_input {
	struct ike_chunk message;	/* the signer's IKE_SA_INIT message */
	struct ike_chunk peer_nonce;	/* the other side's nonce data */
	const uint8_t *sk_p;		/* the signer's SK_pi or SK_pr */
	struct ike_chunk id_body;	/* the signer's ID type|RESERVED|data */
};

/* RFC 8420: Ed25519 AlgorithmIdentifier, SEQUENCE { OID 1.3.101.112 }. */
extern const uint8_t ike_ed25519_algid[7];

enum {
	/* length octet, AlgorithmIdentifier, signature */
	IKE_AUTH_ED25519_LEN = 1 + 7 + IKE_ED25519_SIG_LEN,
};

/* Writes ID type | 3 reserved | data, the octets MACedID covers. */
enum ike_err ike_auth_id_body(uint8_t type, const struct ike_chunk *data,
			      uint8_t *buf, size_t cap, size_t *len);

/* AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>) */
enum ike_err ike_auth_psk(const uint8_t *psk, size_t psk_len,
			  const struct ike_auth_input *in,
			  uint8_t out[IKE_PRF_LEN]);

/* IKE_OK when auth data matches (compared in constant time), else
 * IKE_ERR_AUTH. */
enum ike_err ike_auth_psk_verify(const uint8_t *psk, size_t psk_len,
				 const struct ike_auth_input *in,
				 const struct ike_chunk *auth_data);

/* Digital Signature AUTH data: len(AlgId) | AlgId | Ed25519 signature */
enum ike_err ike_auth_ed25519_sign(EVP_PKEY *priv,
				   const struct ike_auth_input *in,
				   uint8_t *out, size_t cap, size_t *len);

enum ike_err ike_auth_ed25519_verify(EVP_PKEY *pub,
				     const struct ike_auth_input *in,
				     const struct ike_chunk *auth_data);

/* A pinned Ed25519 public key (32 raw octets) as an EVP_PKEY. */
EVP_PKEY *ike_ed25519_public(const uint8_t raw[IKE_ED25519_PUB_LEN]);

#endif /* ZS_AUTH_H */
