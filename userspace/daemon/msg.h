// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An IKE message in memory, bounded: fixed arrays sized by the limits in
 * ikev2.h, no allocation.  Variable-length fields are chunks that point
 * into the buffer the message was parsed from (or, for payloads that were
 * inside SK, into the plaintext buffer), so that buffer must outlive the
 * struct.  For building, the chunks point at the caller's data.
 *
 * order[] lists the payloads in wire order.  The parser fills it with the
 * payloads it understood (skipped ones are counted, not listed); the
 * builder emits exactly that list, taking notifies and deletes in turn.
 */
#ifndef ZS_MSG_H
#define ZS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ikev2.h"

struct ike_chunk {
	const uint8_t *ptr;
	size_t len;
};

struct ike_hdr {
	uint8_t spi_i[IKE_SPI_LEN];
	uint8_t spi_r[IKE_SPI_LEN];
	uint8_t next;
	uint8_t version;
	uint8_t exchange;
	uint8_t flags;
	uint32_t msgid;
	uint32_t length;
};

struct ike_transform {
	uint8_t type;
	uint16_t id;
	uint16_t keylen;	/* bits; 0 when no Key Length attribute */
	bool unknown_attr;	/* carries an attribute we cannot honour */
};

struct ike_proposal {
	uint8_t num;
	uint8_t proto;
	uint8_t spi_size;
	uint8_t spi[IKE_SPI_LEN];
	uint8_t n_xf;
	struct ike_transform xf[IKE_MAX_TRANSFORMS];
};

struct ike_sa {
	uint8_t n_prop;
	struct ike_proposal prop[IKE_MAX_PROPOSALS];
};

struct ike_ke {
	uint16_t group;
	struct ike_chunk data;
};

struct ike_id {
	uint8_t type;
	struct ike_chunk data;
	/* parse only: ID type, reserved and data, the octets that
	 * RFC 7296 2.15 feeds into prf(SK_p, RestOfIDPayload) */
	struct ike_chunk body;
};

struct ike_auth {
	uint8_t method;
	struct ike_chunk data;
};

struct ike_notify {
	uint8_t proto;
	uint8_t spi_size;	/* 0, 4 or 8 */
	uint16_t type;
	uint8_t spi[IKE_SPI_LEN];
	struct ike_chunk data;
};

struct ike_delete {
	uint8_t proto;
	uint8_t spi_size;
	uint16_t n_spi;
	struct ike_chunk spis;	/* n_spi * spi_size octets */
};

struct ike_ts {
	uint8_t type;		/* IKEV2_TS_IPV4/6_ADDR_RANGE */
	uint8_t ip_proto;	/* 0 = any */
	uint16_t start_port;
	uint16_t end_port;
	uint8_t start[16];	/* IPv4 uses the first 4 octets */
	uint8_t end[16];
};

struct ike_ts_set {
	uint8_t n;
	struct ike_ts ts[IKE_MAX_TS];
};

struct ike_msg {
	struct ike_hdr hdr;
	const uint8_t *raw;	/* parse only: the whole message */

	uint8_t order[IKE_MAX_PAYLOADS];
	unsigned int n_order;
	unsigned int n_skipped;	/* V, CERTREQ, CERT, CP, EAP, unknown */
	unsigned int n_seen;	/* every payload, for the count limit */

	struct ike_sa sa;
	struct ike_ke ke;
	struct ike_chunk nonce;
	struct ike_id idi;
	struct ike_id idr;
	struct ike_auth auth;
	struct ike_ts_set tsi;
	struct ike_ts_set tsr;
	struct ike_notify notify[IKE_MAX_NOTIFY];
	unsigned int n_notify;
	struct ike_delete del[IKE_MAX_DELETE];
	unsigned int n_delete;

	/* SK: set by the outer parse, consumed by ike_sk_open() */
	bool has_sk;
	uint8_t sk_first;	/* type of the first inner payload */
	size_t sk_off;		/* SK generic header's offset in raw */
	struct ike_chunk sk_body; /* IV || ciphertext || ICV */

	/* the type behind IKE_ERR_CRITICAL, for the notify's data */
	uint8_t unsupported_type;
};

/* The layout of an SK payload the builder left for ike_sk_seal(). */
struct ike_sk_layout {
	size_t iv_off;		/* also the AAD length (RFC 5282 5.1) */
	size_t plain_off;
	size_t plain_len;	/* inner payloads, padding, pad length */
	size_t icv_off;
};

/*
 * Parses the header and the clear payload chain.  On IKE_ERR_CRITICAL,
 * m->unsupported_type names the payload.  A message with an SK payload
 * comes back with has_sk set and its inner payloads unparsed.
 */
enum ike_err ike_msg_parse(struct ike_msg *m, const uint8_t *buf, size_t len);

/* Parses decrypted SK contents (payloads, padding, pad length octet). */
enum ike_err ike_msg_parse_inner(struct ike_msg *m, const uint8_t *plain,
				 size_t len);

/*
 * Builds m into buf.  With sk == NULL every payload goes in clear.  With
 * sk set they all go inside an SK payload whose IV and ICV are left as
 * zeros and whose plaintext is left in place; *sk says where, for
 * ike_sk_seal().  hdr.length and hdr.next are computed, not taken from m.
 */
enum ike_err ike_msg_build(const struct ike_msg *m,
			   struct ike_sk_layout *sk,
			   uint8_t *buf, size_t cap, size_t *len);

/* Adds a payload to the emit order; false when the order is full. */
bool ike_msg_add(struct ike_msg *m, uint8_t type);

/* The first notify of that type, or NULL. */
const struct ike_notify *ike_msg_notify(const struct ike_msg *m,
					uint16_t type);

#endif /* ZS_MSG_H */
