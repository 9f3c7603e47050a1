// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Key exchange: Curve25519 (group 31, RFC 8031) and ECP-256 (group 19,
 * RFC 5903).  A struct ike_dh holds one ephemeral private key; it is
 * generated on creation and destroyed with the struct.
 */
#ifndef ZS_DH_H
#define ZS_DH_H

#include "msg.h"

struct ike_dh;

bool ike_dh_supported(uint16_t group);

/* Length of the KE payload's public value for the group, 0 if unknown. */
size_t ike_dh_public_len(uint16_t group);

/* A fresh key pair, or NULL (unknown group, libcrypto failure). */
struct ike_dh *ike_dh_new(uint16_t group);
void ike_dh_free(struct ike_dh *dh);

uint16_t ike_dh_group(const struct ike_dh *dh);

/* Our public value as the KE payload carries it. */
enum ike_err ike_dh_public(const struct ike_dh *dh, uint8_t *out,
			   size_t cap, size_t *len);

/*
 * g^ir from the peer's KE data.  A public value of the wrong length, a
 * point not on the curve, or an all-zero X25519 result is refused as
 * IKE_ERR_BAD_PAYLOAD (RFC 8031 2.3 asks us to check the last).
 */
enum ike_err ike_dh_shared(const struct ike_dh *dh, const uint8_t *peer,
			   size_t peer_len, uint8_t *secret, size_t cap,
			   size_t *len);

#endif /* ZS_DH_H */
