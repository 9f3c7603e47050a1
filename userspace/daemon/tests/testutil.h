// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers shared by the daemon's unit tests: hex, sample messages. */
#ifndef ZS_TESTUTIL_H
#define ZS_TESTUTIL_H

#include "msg.h"

/* Decodes hex into out; returns the length, or 0 on bad input. */
size_t hex2bin(const char *hex, uint8_t *out, size_t cap);

/* An IKE_SA_INIT request: SA (two IKE proposals), KE, Ni, two NAT-D. */
void sample_sa_init(struct ike_msg *m);

/* An IKE_AUTH request body: IDi, IDr, AUTH, SA (ESP), TSi, TSr, N, D. */
void sample_auth(struct ike_msg *m);

/* Compares what the parser gives back with what was built. */
bool same_payloads(const struct ike_msg *a, const struct ike_msg *b);

#endif
