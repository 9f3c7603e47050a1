// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IKEv2 pseudo-random function and its expansion (RFC 7296 2.13).
 * Only PRF_HMAC_SHA2_256 is implemented; its output is IKE_PRF_LEN octets.
 */
#ifndef ZS_PRF_H
#define ZS_PRF_H

#include "msg.h"

/* Longest prf+ output: 255 iterations (2.13). */
enum { IKE_PRFPLUS_MAX = 255 * IKE_PRF_LEN };

/* out = HMAC-SHA2-256(key, parts[0] | parts[1] | ...) */
enum ike_err ike_prf(const uint8_t *key, size_t klen,
		     const struct ike_chunk *parts, size_t n_parts,
		     uint8_t out[IKE_PRF_LEN]);

/* out = first out_len octets of prf+(key, parts[0] | parts[1] | ...) */
enum ike_err ike_prfplus(const uint8_t *key, size_t klen,
			 const struct ike_chunk *parts, size_t n_parts,
			 uint8_t *out, size_t out_len);

#endif /* ZS_PRF_H */
