// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Encrypted (SK) payload (RFC 7296 3.14) with an AEAD (RFC 5282 5.1):
 * the AAD runs from the first octet of the IKE header to the last octet
 * of the SK generic payload header; the IV is not part of it.
 */
#ifndef ZS_SK_H
#define ZS_SK_H

#include "aead.h"
#include "msg.h"

/* Seals a message ike_msg_build() laid out; takes the next IV from a. */
enum ike_err ike_sk_seal(struct ike_aead *a, uint8_t *msg,
			 const struct ike_sk_layout *l);

/*
 * Verifies and decrypts m's SK payload into plain (cap >= the SK body),
 * then parses the inner payloads into m.  On any error m's inner payloads
 * are not to be used.
 */
enum ike_err ike_sk_open(const struct ike_aead *a, struct ike_msg *m,
			 uint8_t *plain, size_t cap);

#endif /* ZS_SK_H */
