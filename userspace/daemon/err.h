// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Why a message was refused.  Each value is one drop counter: the daemon
 * counts every dropped IKE message by the reason here, and the unit tests
 * check that each malformation maps to its own reason.
 */
#ifndef ZS_ERR_H
#define ZS_ERR_H

enum ike_err {
	IKE_OK = 0,
	IKE_ERR_TRUNCATED,	/* shorter than the header, or than it says */
	IKE_ERR_TOO_BIG,	/* over IKE_MSG_MAX */
	IKE_ERR_LENGTH,		/* lengths disagree: header vs datagram or chain */
	IKE_ERR_VERSION,	/* major version is not 2 */
	IKE_ERR_EXCHANGE,	/* exchange type we do not know */
	IKE_ERR_PAYLOAD_TRUNC,	/* payload header does not fit */
	IKE_ERR_PAYLOAD_SHORT,	/* payload length below its header */
	IKE_ERR_PAYLOAD_OVERRUN, /* payload length past the end */
	IKE_ERR_TOO_MANY_PAYLOADS,
	IKE_ERR_CRITICAL,	/* unknown payload with the critical bit */
	IKE_ERR_DUPLICATE,	/* a payload allowed once came twice */
	IKE_ERR_SA,		/* SA/proposal/transform structure broken */
	IKE_ERR_SA_LIMIT,	/* more proposals or transforms than we hold */
	IKE_ERR_BAD_PAYLOAD,	/* a known payload's body is malformed */
	IKE_ERR_TS,		/* traffic selector malformed */
	IKE_ERR_LIMIT,		/* more notifies, deletes or TS than we hold */
	IKE_ERR_SK_NOT_LAST,	/* the SK payload is not the last one */
	IKE_ERR_SK_MIXED,	/* clear payloads beside an SK payload */
	IKE_ERR_SK_NESTED,	/* SK inside SK */
	IKE_ERR_SK_SHORT,	/* SK body too short for IV, ICV, pad length */
	IKE_ERR_PADDING,	/* pad length larger than the plaintext */
	IKE_ERR_DECRYPT,	/* ICV mismatch: forged or wrong key */
	IKE_ERR_NOSPACE,	/* building: output buffer too small */
	IKE_ERR_INVALID,	/* building/crypto: bad argument */
	IKE_ERR_CRYPTO,		/* libcrypto failed */
	IKE_ERR_AUTH,		/* AUTH payload does not verify */
	IKE_ERR__MAX
};

const char *ike_strerror(enum ike_err e);

#endif /* ZS_ERR_H */
