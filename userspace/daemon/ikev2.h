// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKEv2 wire format (RFC 7296) and the extensions zonesecd speaks:
 * RFC 5282 (AES-GCM in the SK payload), RFC 7634 (ChaCha20-Poly1305),
 * RFC 8031 (Curve25519), RFC 5903 (ECP-256), RFC 7427 (digital signature
 * authentication), RFC 8420 (Ed25519 in IKEv2).
 *
 * Every multi-octet field on the wire is big endian.  The structs below
 * document the layouts and pin their sizes; the codec never casts a packet
 * pointer to them (the buffer need not be aligned), it reads fields at the
 * offsets given here through the helpers in buf.h.
 */
#ifndef ZS_IKEV2_H
#define ZS_IKEV2_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

/* Marks a field as big endian in the layout structs. */
typedef uint16_t ike_be16;
typedef uint32_t ike_be32;

/* Limits: what we accept from a peer, and what our own structs hold. */
enum {
	IKE_PORT		= 500,
	IKE_NATT_PORT		= 4500,
	/* No certificates are exchanged, so messages stay small; 64 KiB is
	 * what the header allows, far more than any peer we talk to needs. */
	IKE_MSG_MAX		= 16384,
	IKE_MAX_PAYLOADS	= 64,	/* clear + inner, skipped ones included */
	IKE_MAX_PROPOSALS	= 16,
	/* strongSwan's default proposal offers ~30 transforms */
	IKE_MAX_TRANSFORMS	= 64,
	IKE_MAX_NOTIFY		= 16,
	IKE_MAX_DELETE		= 4,
	IKE_MAX_TS		= 16,
	IKE_SPI_LEN		= 8,
	IKE_CHILD_SPI_LEN	= 4,
	IKE_NONCE_MIN		= 16,	/* RFC 7296 3.9 */
	IKE_NONCE_MAX		= 256,
	IKE_NONCE_LEN		= 32,	/* what we send: 2x the PRF strength */
	IKE_KE_MAX		= 1024,	/* MODP-8192 would need this */
	IKE_ID_MAX		= 255,
	IKE_AUTH_MAX		= 1024,
};

/* 3.1: the IKE header */
struct ikev2_hdr {
	uint8_t  spi_i[IKE_SPI_LEN];
	uint8_t  spi_r[IKE_SPI_LEN];
	uint8_t  next;
	uint8_t  version;	/* major << 4 | minor */
	uint8_t  exchange;
	uint8_t  flags;
	ike_be32 msgid;
	ike_be32 length;	/* of the whole message, header included */
};
static_assert(sizeof(struct ikev2_hdr) == 28, "IKE header is 28 octets");

enum {
	IKEV2_HDR_LEN		= 28,
	IKEV2_HDR_NEXT_OFF	= 16,
	IKEV2_HDR_VERSION_OFF	= 17,
	IKEV2_HDR_EXCHANGE_OFF	= 18,
	IKEV2_HDR_FLAGS_OFF	= 19,
	IKEV2_HDR_MSGID_OFF	= 20,
	IKEV2_HDR_LENGTH_OFF	= 24,
	IKEV2_VERSION		= 0x20,	/* 2.0 */
	IKEV2_MAJOR		= 2,
};

/* 3.1 header flags */
enum {
	IKEV2_FLAG_INITIATOR	= 0x08,
	IKEV2_FLAG_VERSION	= 0x10,
	IKEV2_FLAG_RESPONSE	= 0x20,
};

/* 3.1 exchange types */
enum ikev2_exchange {
	IKEV2_EXCH_IKE_SA_INIT		= 34,
	IKEV2_EXCH_IKE_AUTH		= 35,
	IKEV2_EXCH_CREATE_CHILD_SA	= 36,
	IKEV2_EXCH_INFORMATIONAL	= 37,
};

/* 3.2: generic payload header */
struct ikev2_gen_hdr {
	uint8_t  next;
	uint8_t  flags;		/* critical bit, rest reserved */
	ike_be16 length;	/* header included */
};
static_assert(sizeof(struct ikev2_gen_hdr) == 4, "generic header is 4");

enum {
	IKEV2_GEN_HDR_LEN	= 4,
	IKEV2_CRITICAL		= 0x80,
};

/* 3.2 payload types */
enum ikev2_payload {
	IKEV2_PL_NONE		= 0,
	IKEV2_PL_SA		= 33,
	IKEV2_PL_KE		= 34,
	IKEV2_PL_IDI		= 35,
	IKEV2_PL_IDR		= 36,
	IKEV2_PL_CERT		= 37,
	IKEV2_PL_CERTREQ	= 38,
	IKEV2_PL_AUTH		= 39,
	IKEV2_PL_NONCE		= 40,
	IKEV2_PL_NOTIFY		= 41,
	IKEV2_PL_DELETE		= 42,
	IKEV2_PL_VENDOR		= 43,
	IKEV2_PL_TSI		= 44,
	IKEV2_PL_TSR		= 45,
	IKEV2_PL_SK		= 46,
	IKEV2_PL_CP		= 47,
	IKEV2_PL_EAP		= 48,
	IKEV2_PL_SKF		= 53,	/* RFC 7383, not supported */
};

/* 3.3.1 proposal substructure */
struct ikev2_proposal_hdr {
	uint8_t  last;		/* 0 last, 2 more */
	uint8_t  reserved;
	ike_be16 length;
	uint8_t  num;
	uint8_t  protocol;
	uint8_t  spi_size;
	uint8_t  n_transforms;
	/* SPI, then transforms */
};
static_assert(sizeof(struct ikev2_proposal_hdr) == 8, "proposal hdr is 8");

/* 3.3.2 transform substructure */
struct ikev2_transform_hdr {
	uint8_t  last;		/* 0 last, 3 more */
	uint8_t  reserved1;
	ike_be16 length;
	uint8_t  type;
	uint8_t  reserved2;
	ike_be16 id;
	/* attributes */
};
static_assert(sizeof(struct ikev2_transform_hdr) == 8, "transform hdr is 8");

/* 3.3.5 transform attribute: AF set means TV (value in the length field) */
struct ikev2_attr_hdr {
	ike_be16 type;		/* AF << 15 | type */
	ike_be16 len_or_value;
};
static_assert(sizeof(struct ikev2_attr_hdr) == 4, "attribute hdr is 4");

enum {
	IKEV2_PROPOSAL_HDR_LEN	= 8,
	IKEV2_TRANSFORM_HDR_LEN	= 8,
	IKEV2_ATTR_HDR_LEN	= 4,
	IKEV2_PROPOSAL_MORE	= 2,
	IKEV2_TRANSFORM_MORE	= 3,
	IKEV2_LAST		= 0,
	IKEV2_ATTR_AF		= 0x8000,
	IKEV2_ATTR_KEY_LENGTH	= 14,	/* in bits, always TV */
};

/* 3.3.1 protocol IDs */
enum ikev2_proto {
	IKEV2_PROTO_NONE	= 0,
	IKEV2_PROTO_IKE		= 1,
	IKEV2_PROTO_AH		= 2,
	IKEV2_PROTO_ESP		= 3,
};

/* 3.3.2 transform types */
enum ikev2_xform_type {
	IKEV2_XF_ENCR		= 1,
	IKEV2_XF_PRF		= 2,
	IKEV2_XF_INTEG		= 3,
	IKEV2_XF_DH		= 4,
	IKEV2_XF_ESN		= 5,
	IKEV2_XF_TYPE_MAX	= 5,
};

/* Transform IDs (IANA IKEv2 registry) we know by name. */
enum {
	IKEV2_ENCR_AES_CBC		= 12,
	IKEV2_ENCR_AES_GCM_16		= 20,	/* RFC 5282 */
	IKEV2_ENCR_CHACHA20_POLY1305	= 28,	/* RFC 7634 */

	IKEV2_PRF_HMAC_SHA2_256		= 5,	/* RFC 4868 */

	IKEV2_INTEG_NONE		= 0,
	IKEV2_INTEG_HMAC_SHA2_256_128	= 12,

	IKEV2_DH_NONE			= 0,
	IKEV2_DH_MODP_2048		= 14,
	IKEV2_DH_ECP_256		= 19,	/* RFC 5903 */
	IKEV2_DH_CURVE25519		= 31,	/* RFC 8031 */

	IKEV2_ESN_NO			= 0,
	IKEV2_ESN_YES			= 1,
};

/* 3.4 KE payload body: group, reserved, then the public value */
enum { IKEV2_KE_HDR_LEN = 4 };

/* 3.5 ID payload body: type, 3 reserved, data */
enum { IKEV2_ID_HDR_LEN = 4 };
enum ikev2_id_type {
	IKEV2_ID_IPV4_ADDR	= 1,
	IKEV2_ID_FQDN		= 2,
	IKEV2_ID_RFC822_ADDR	= 3,
	IKEV2_ID_IPV6_ADDR	= 5,
	IKEV2_ID_DER_ASN1_DN	= 9,
	IKEV2_ID_KEY_ID		= 11,
};

/* 3.8 AUTH payload body: method, 3 reserved, data */
enum { IKEV2_AUTH_HDR_LEN = 4 };
enum ikev2_auth_method {
	IKEV2_AUTH_RSA_SIG	= 1,
	IKEV2_AUTH_PSK		= 2,	/* "Shared Key Message Integrity Code" */
	IKEV2_AUTH_DSS_SIG	= 3,
	IKEV2_AUTH_DIGITAL_SIG	= 14,	/* RFC 7427 */
};

/* RFC 7427 hash algorithm identifiers, SIGNATURE_HASH_ALGORITHMS data */
enum {
	IKEV2_HASH_SHA2_256	= 2,
	IKEV2_HASH_SHA2_512	= 4,
	IKEV2_HASH_IDENTITY	= 5,	/* RFC 8420: EdDSA signs the octets */
};

/* 3.10 Notify payload body: protocol, SPI size, type, SPI, data */
enum { IKEV2_NOTIFY_HDR_LEN = 4 };
enum ikev2_notify {
	/* errors, < 16384 */
	IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD	= 1,
	IKEV2_N_INVALID_IKE_SPI			= 4,
	IKEV2_N_INVALID_MAJOR_VERSION		= 5,
	IKEV2_N_INVALID_SYNTAX			= 7,
	IKEV2_N_INVALID_MESSAGE_ID		= 9,
	IKEV2_N_INVALID_SPI			= 11,
	IKEV2_N_NO_PROPOSAL_CHOSEN		= 14,
	IKEV2_N_INVALID_KE_PAYLOAD		= 17,
	IKEV2_N_AUTHENTICATION_FAILED		= 24,
	IKEV2_N_SINGLE_PAIR_REQUIRED		= 34,
	IKEV2_N_NO_ADDITIONAL_SAS		= 35,
	IKEV2_N_INTERNAL_ADDRESS_FAILURE	= 36,
	IKEV2_N_FAILED_CP_REQUIRED		= 37,
	IKEV2_N_TS_UNACCEPTABLE			= 38,
	IKEV2_N_INVALID_SELECTORS		= 39,
	IKEV2_N_TEMPORARY_FAILURE		= 43,
	IKEV2_N_CHILD_SA_NOT_FOUND		= 44,
	IKEV2_N_ERROR_MAX			= 16383,
	/* status */
	IKEV2_N_INITIAL_CONTACT			= 16384,
	IKEV2_N_SET_WINDOW_SIZE			= 16385,
	IKEV2_N_ADDITIONAL_TS_POSSIBLE		= 16386,
	IKEV2_N_IPCOMP_SUPPORTED		= 16387,
	IKEV2_N_NAT_DETECTION_SOURCE_IP		= 16388,
	IKEV2_N_NAT_DETECTION_DESTINATION_IP	= 16389,
	IKEV2_N_COOKIE				= 16390,
	IKEV2_N_USE_TRANSPORT_MODE		= 16391,
	IKEV2_N_REKEY_SA			= 16393,
	IKEV2_N_ESP_TFC_PADDING_NOT_SUPPORTED	= 16394,
	IKEV2_N_NON_FIRST_FRAGMENTS_ALSO	= 16395,
	IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED	= 16430,	/* RFC 7383 */
	IKEV2_N_SIGNATURE_HASH_ALGORITHMS	= 16431,	/* RFC 7427 */
};

/* 3.11 Delete payload body: protocol, SPI size, number of SPIs, SPIs */
enum { IKEV2_DELETE_HDR_LEN = 4 };

/* 3.13 TS payload body: count, 3 reserved, selectors */
enum {
	IKEV2_TS_HDR_LEN	= 4,
	IKEV2_TS_IPV4_ADDR_RANGE = 7,
	IKEV2_TS_IPV6_ADDR_RANGE = 8,
	IKEV2_TS_SEL_HDR_LEN	= 8,	/* type, proto, length, ports */
	IKEV2_TS_IPV4_LEN	= 16,
	IKEV2_TS_IPV6_LEN	= 40,
};

/* 3.14 SK payload: IV, ciphertext (payloads, padding, pad length), ICV */
enum {
	IKEV2_AEAD_IV_LEN	= 8,	/* RFC 5282 / RFC 7634 explicit IV */
	IKEV2_AEAD_SALT_LEN	= 4,	/* from the key material */
	IKEV2_AEAD_ICV_LEN	= 16,
	IKEV2_AEAD_NONCE_LEN	= IKEV2_AEAD_SALT_LEN + IKEV2_AEAD_IV_LEN,
};

/* Sizes of what our algorithms produce. */
enum {
	IKE_PRF_LEN		= 32,	/* HMAC-SHA2-256 output and key size */
	IKE_X25519_LEN		= 32,
	IKE_ECP256_PUB_LEN	= 64,	/* x || y, RFC 5903 section 7 */
	IKE_ECP256_SECRET_LEN	= 32,	/* x of the shared point */
	IKE_DH_PUB_MAX		= 64,
	IKE_DH_SECRET_MAX	= 32,
	IKE_ENCR_KEY_MAX	= 32,
	IKE_ED25519_SIG_LEN	= 64,
	IKE_ED25519_PUB_LEN	= 32,
};

#endif /* ZS_IKEV2_H */
