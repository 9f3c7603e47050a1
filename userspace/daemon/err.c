// SPDX-License-Identifier: GPL-2.0-or-later
/* Names for drop reasons: they appear in logs and in the counter dump. */
#include "err.h"

static const char *const names[IKE_ERR__MAX] = {
	[IKE_OK]			= "ok",
	[IKE_ERR_TRUNCATED]		= "truncated",
	[IKE_ERR_TOO_BIG]		= "too-big",
	[IKE_ERR_LENGTH]		= "length-mismatch",
	[IKE_ERR_VERSION]		= "bad-version",
	[IKE_ERR_EXCHANGE]		= "bad-exchange",
	[IKE_ERR_PAYLOAD_TRUNC]		= "payload-truncated",
	[IKE_ERR_PAYLOAD_SHORT]		= "payload-short",
	[IKE_ERR_PAYLOAD_OVERRUN]	= "payload-overrun",
	[IKE_ERR_TOO_MANY_PAYLOADS]	= "too-many-payloads",
	[IKE_ERR_CRITICAL]		= "unsupported-critical",
	[IKE_ERR_DUPLICATE]		= "duplicate-payload",
	[IKE_ERR_SA]			= "bad-sa",
	[IKE_ERR_SA_LIMIT]		= "sa-too-large",
	[IKE_ERR_BAD_PAYLOAD]		= "bad-payload",
	[IKE_ERR_TS]			= "bad-ts",
	[IKE_ERR_LIMIT]			= "too-many-items",
	[IKE_ERR_SK_NOT_LAST]		= "sk-not-last",
	[IKE_ERR_SK_MIXED]		= "sk-mixed",
	[IKE_ERR_SK_NESTED]		= "sk-nested",
	[IKE_ERR_SK_SHORT]		= "sk-short",
	[IKE_ERR_PADDING]		= "bad-padding",
	[IKE_ERR_DECRYPT]		= "decrypt-failed",
	[IKE_ERR_NOSPACE]		= "no-space",
	[IKE_ERR_INVALID]		= "invalid-argument",
	[IKE_ERR_CRYPTO]		= "crypto-error",
	[IKE_ERR_AUTH]			= "auth-failed",
};

const char *ike_strerror(enum ike_err e)
{
	if ((unsigned)e >= IKE_ERR__MAX || !names[e])
		return "unknown";
	return names[e];
}
