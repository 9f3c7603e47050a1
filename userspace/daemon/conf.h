// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec.conf(5): one INI file, [global], [tunnel NAME] and [firewall]
 * sections.
 * Loading is all or nothing: a file with any error gives no config, and
 * the error names file and line.
 */
#ifndef ZS_CONF_H
#define ZS_CONF_H

#include <limits.h>

#include <openssl/evp.h>

#include "addr.h"
#include "proposal.h"

enum {
	/* a bound on a runaway configuration, not a table size: the
	 * tunnels live in an array that grows as they are read */
	ZS_CONF_MAX_TUNNELS	= 65536,
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
	unsigned int src;		/* zs_conf.src[]: 0 is the main file */
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
	/* drop-in files of [tunnel] sections (`zonesec tunnel add`) */
	char tunnels_dir[PATH_MAX];
	struct zs_tunnel_conf *tun;	/* grows while loading, then fixed */
	unsigned int n_tun, cap_tun;
	/* where the tunnels were read: [0] the main file, then the drop-ins
	 * (and the tunnel of an add); path is NULL for a string */
	struct zs_conf_src {
		char *label;		/* in messages */
		char *path;		/* on disk */
		bool no_line;		/* messages name no line */
	} *src;
	unsigned int n_src;
	/* [firewall]: zones and rules in `zonesec fw load` words; NULL
	 * without the section (the firewall is then left as it is) */
	struct fw_model *fw;
};

/* 0 and *out, or -1 with "file:line: message" in err. */
int zs_conf_load(const char *path, struct zs_conf **out, char *err,
		 size_t errlen);

/*
 * What `zonesec tunnel add|del` loads besides the files: a drop-in that
 * is not read (del), a [tunnel] section as text read after the drop-ins
 * (add), named label in messages (no line numbers) and recorded as
 * coming from path, the file it is to be written to.
 */
struct zs_conf_extra {
	const char *skip;
	const char *text;
	const char *label;
	const char *path;
};

int zs_conf_load_extra(const char *path, const struct zs_conf_extra *x,
		       struct zs_conf **out, char *err, size_t errlen);
/* The same from a string (tests); name appears in messages. */
int zs_conf_load_string(const char *name, const char *text,
			struct zs_conf **out, char *err, size_t errlen);
void zs_conf_free(struct zs_conf *c);

/* Value parsers, shared with tests: NULL on success, else why not. */
const char *zs_conf_parse_id(const char *s, struct zs_id *id);
const char *zs_conf_parse_proposals(const char *s, uint8_t proto,
				    struct ike_choice *out, size_t *n);

/* The tunnel by name, NULL if none. */
const struct zs_tunnel_conf *zs_conf_tunnel(const struct zs_conf *c,
					    const char *name);

/*
 * Drop-in files (conf_dropin.c).  A name `tunnel add` takes: letters,
 * digits, '.', '_', '-', not starting with '.' (it names a file too).
 */
bool zs_conf_dropin_name_ok(const char *name);
/* dir/NAME.conf into out (PATH_MAX); -1 if too long. */
int zs_conf_dropin_path(const char *dir, const char *name, char *out);
/*
 * The text of a drop-in for tunnel name from lines "key = value" (one
 * per line, as the CLI sends them); NULL with the reason in err.
 * Caller frees.
 */
char *zs_conf_dropin_text(const char *name, const char *lines, char *err,
			  size_t errlen);
/*
 * Writes text to dir/NAME.conf atomically (a temporary file, mode 0600,
 * synced, renamed without replacing; dir made 0700 if missing).  0, or
 * -1 with the reason in err and nothing left behind.
 */
int zs_conf_dropin_write(const char *dir, const char *name, const char *text,
			 char *err, size_t errlen);
/* Removes a drop-in (and syncs its directory); 0 or -1 with err. */
int zs_conf_dropin_remove(const char *path, char *err, size_t errlen);

/* The tunnel for a peer, by address or by ID; NULL if none. */
const struct zs_tunnel_conf *zs_conf_tunnel_by_addr(const struct zs_conf *c,
						    const struct zsd_addr *a);

#endif /* ZS_CONF_H */
