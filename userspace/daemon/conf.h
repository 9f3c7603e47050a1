// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec.conf(5): one INI file, [global], [tunnel NAME] and [firewall]
 * sections.
 * Loading is all or nothing: a file with any error gives no config, and
 * the error names file and line.
 */
#ifndef ZS_CONF_H
#define ZS_CONF_H

#include <openssl/evp.h>

#include "addr.h"
#include "proposal.h"

enum {
	ZS_CONF_MAX_TUNNELS	= 32,
	ZS_CONF_MAX_PROPOSALS	= 8,
	ZS_PSK_MAX		= 128,
	ZS_PSK_MIN		= 8,
	ZS_TUNNEL_NAME_MAX		= 32,
	ZS_CONF_ERR_MAX		= 512,
	ZS_COOKIE_THRESHOLD	= 8,	/* default half-open SAs before COOKIEs */
};

enum zs_auth_kind { ZS_AUTH_NONE, ZS_AUTH_PSK, ZS_AUTH_PUBKEY };
enum zs_start { ZS_START_LOAD, ZS_START_TRAFFIC, ZS_START_WAIT };
enum zs_dpd_action { ZS_DPD_CLEAR, ZS_DPD_RESTART, ZS_DPD_UNSET };
#define ZS_CONF_UNSET UINT32_MAX

struct fw_model;

struct zs_id {
	uint8_t type;			/* IKEV2_ID_* */
	uint8_t data[IKE_ID_MAX];
	size_t len;
};

struct zs_tunnel_conf {
	char name[ZS_TUNNEL_NAME_MAX];
	unsigned int line;		/* of the section header */
	struct zsd_addr peer;		/* port set to IKE_PORT */
	struct zsd_addr local;		/* family 0: chosen by routing */
	struct zs_id peer_id;
	enum zs_auth_kind auth;
	uint8_t psk[ZS_PSK_MAX];
	size_t psk_len;
	uint8_t peer_key[IKE_ED25519_PUB_LEN];
	struct zsd_prefix local_ts, remote_ts;
	struct ike_choice ike[ZS_CONF_MAX_PROPOSALS];
	size_t n_ike;
	struct ike_choice esp[ZS_CONF_MAX_PROPOSALS];
	size_t n_esp;
	uint32_t ike_lifetime, child_lifetime;	/* seconds */
	enum zs_start start;
	/* rekey and liveness, seconds, 0 = never */
	uint32_t rekey_time, ike_rekey_time, dpd_delay;
	enum zs_dpd_action dpd_action;
	/* child rekeys with a key exchange of their own (RFC 7296 2.17) */
	bool pfs;
};

struct zs_conf {
	char kernel[16];
	char control[108];		/* control socket path (sun_path) */
	struct zs_id id;
	EVP_PKEY *priv;			/* Ed25519, NULL without private_key */
	uint8_t psk[ZS_PSK_MAX];	/* default for tunnels */
	size_t psk_len;
	uint32_t cookie_threshold;	/* half-open SAs before COOKIEs */
	struct zs_tunnel_conf tun[ZS_CONF_MAX_TUNNELS];
	unsigned int n_tun;
	/* [firewall]: zones and rules in `zonesec fw load` words; NULL
	 * without the section (the firewall is then left as it is) */
	struct fw_model *fw;
};

/* 0 and *out, or -1 with "file:line: message" in err. */
int zs_conf_load(const char *path, struct zs_conf **out, char *err,
		 size_t errlen);
/* The same from a string (tests); name appears in messages. */
int zs_conf_load_string(const char *name, const char *text,
			struct zs_conf **out, char *err, size_t errlen);
void zs_conf_free(struct zs_conf *c);

/* Value parsers, shared with tests: NULL on success, else why not. */
const char *zs_conf_parse_id(const char *s, struct zs_id *id);
const char *zs_conf_parse_proposals(const char *s, uint8_t proto,
				    struct ike_choice *out, size_t *n);

/* The tunnel for a peer, by address or by ID; NULL if none. */
const struct zs_tunnel_conf *zs_conf_tunnel_by_addr(const struct zs_conf *c,
						    const struct zsd_addr *a);

#endif /* ZS_CONF_H */
