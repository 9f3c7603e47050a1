// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Payload bodies: each parser gets exactly the octets after the generic
 * header, each builder appends exactly those octets.  The generic header
 * and the chain are msg.c's business.
 */
#ifndef ZS_PAYLOAD_H
#define ZS_PAYLOAD_H

#include "buf.h"
#include "msg.h"

/* Payload types that have a slot in struct ike_msg. */
bool ike_pl_known(uint8_t type);

/* Parses one known payload's body into m. */
enum ike_err ike_pl_parse(struct ike_msg *m, uint8_t type,
			  const uint8_t *body, size_t len);

/* Appends the body of a known payload; idx picks the notify/delete. */
enum ike_err ike_pl_build(const struct ike_msg *m, uint8_t type,
			  unsigned int idx, struct wr *w);

enum ike_err ike_sa_parse(struct ike_sa *sa, const uint8_t *p, size_t len);
void ike_sa_build(const struct ike_sa *sa, struct wr *w);

enum ike_err ike_ts_parse(struct ike_ts_set *set, const uint8_t *p,
			  size_t len);
enum ike_err ike_ts_build(const struct ike_ts_set *set, struct wr *w);

#endif /* ZS_PAYLOAD_H */
