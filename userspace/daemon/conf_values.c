// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Values in zonesec.conf that are more than a word: identities and
 * proposal lists (strongSwan's spelling, so one config reads like the
 * other: "aes128gcm16-prfsha256-x25519, chacha20poly1305-prfsha256-ecp256").
 */
#include <ctype.h>
#include <string.h>

#include "addr.h"
#include "conf.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "fqdn:NAME", "ip:ADDR", "keyid:HEX"; bare: an address or a name. */
const char *zs_conf_parse_id(const char *s, struct zs_id *id)
{
	struct zsd_addr a;

	memset(id, 0, sizeof(*id));
	if (!strncmp(s, "keyid:", 6)) {
		s += 6;
		size_t n = strlen(s);

		if (n == 0 || n % 2 || n / 2 > IKE_ID_MAX)
			return "keyid: wants an even number of hex digits";
		for (size_t i = 0; i < n; i += 2) {
			int hi = hexval(s[i]), lo = hexval(s[i + 1]);

			if (hi < 0 || lo < 0)
				return "keyid: wants hex digits";
			id->data[id->len++] = (uint8_t)(hi << 4 | lo);
		}
		id->type = IKEV2_ID_KEY_ID;
		return NULL;
	}
	if (!strncmp(s, "ip:", 3) || zsd_addr_parse(s, &a)) {
		if (!strncmp(s, "ip:", 3) && !zsd_addr_parse(s + 3, &a))
			return "ip: wants an IPv4 or IPv6 address";
		id->type = a.family == AF_INET ? IKEV2_ID_IPV4_ADDR
					       : IKEV2_ID_IPV6_ADDR;
		id->len = zsd_addr_len(&a);
		memcpy(id->data, a.ip, id->len);
		return NULL;
	}
	if (!strncmp(s, "fqdn:", 5))
		s += 5;
	if (!*s || strlen(s) > IKE_ID_MAX)
		return "identity is empty or too long";
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-_", *p))
			return "fqdn: letters, digits, '.', '-', '_' only";
	id->type = IKEV2_ID_FQDN;
	id->len = strlen(s);
	memcpy(id->data, s, id->len);
	return NULL;
}

struct word {
	const char *w;
	uint8_t type;
	uint16_t id;
	uint16_t keylen;
};

static const struct word words[] = {
	{ "aes128gcm16", IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 128 },
	{ "aes256gcm16", IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 256 },
	{ "chacha20poly1305", IKEV2_XF_ENCR, IKEV2_ENCR_CHACHA20_POLY1305, 0 },
	{ "prfsha256", IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0 },
	{ "x25519", IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0 },
	{ "curve25519", IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0 },
	{ "ecp256", IKEV2_XF_DH, IKEV2_DH_ECP_256, 0 },
	{ "noesn", IKEV2_XF_ESN, IKEV2_ESN_NO, 0 },
};

static const char *parse_one(const char *s, size_t len, uint8_t proto,
			     struct ike_choice *c)
{
	memset(c, 0, sizeof(*c));
	c->proto = proto;
	while (len) {
		size_t n = 0;
		const struct word *w = NULL;

		while (n < len && s[n] != '-')
			n++;
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].w) == n && !strncmp(words[i].w, s, n))
				w = &words[i];
		if (!w)
			return "unknown algorithm in proposal";
		if (c->types & (1u << w->type))
			return "two algorithms of one kind in a proposal";
		if (proto == IKEV2_PROTO_ESP && w->type == IKEV2_XF_PRF)
			return "an ESP proposal takes no PRF";
		ike_choice_set(c, w->type, w->id);
		if (w->type == IKEV2_XF_ENCR)
			c->encr_keylen = w->keylen;
		s += n;
		len -= n;
		if (len) {
			s++;
			len--;
		}
	}
	if (!(c->types & (1u << IKEV2_XF_ENCR)))
		return "proposal without an encryption algorithm";
	if (proto == IKEV2_PROTO_IKE) {
		if (!(c->types & (1u << IKEV2_XF_PRF)))
			ike_choice_set(c, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256);
		if (!(c->types & (1u << IKEV2_XF_DH)))
			return "IKE proposal without a key exchange (x25519, ecp256)";
		if (c->types & (1u << IKEV2_XF_ESN))
			return "an IKE proposal takes no ESN";
	} else {
		/* child SAs without PFS: the first one is keyed by IKE_AUTH */
		if (c->types & (1u << IKEV2_XF_DH))
			return "PFS groups in ESP proposals are not supported yet";
		ike_choice_set(c, IKEV2_XF_ESN, IKEV2_ESN_NO);
	}
	return NULL;
}

const char *zs_conf_parse_proposals(const char *s, uint8_t proto,
				    struct ike_choice *out, size_t *n)
{
	*n = 0;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *why;

		while (len && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		if (!len)
			return "empty proposal";
		if (*n == ZS_CONF_MAX_PROPOSALS)
			return "too many proposals";
		why = parse_one(s, len, proto, &out[*n]);
		if (why)
			return why;
		(*n)++;
		if (!end)
			break;
		s = end + 1;
		if (!*s)
			return "empty proposal";
	}
	return *n ? NULL : "no proposal";
}

const struct zs_tunnel_conf *zs_conf_tunnel_by_addr(const struct zs_conf *c,
						    const struct zsd_addr *a)
{
	for (unsigned int i = 0; i < c->n_tun; i++)
		if (zsd_addr_eq(&c->tun[i].peer, a))
			return &c->tun[i];
	return NULL;
}
