// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Zone firewall words: parsing and printing, and the rule set file.
 *
 *   zone add NAME [dev IFNAME]... [prefix ADDR/LEN]...
 *       [ipsec [reqid N]]...
 *   zone policy from ZONE to ZONE accept|drop|reject
 *   rule add from ZONE to ZONE [proto NAME|NUMBER] [src PREFIX]
 *       [dst PREFIX] [sport PORT[-PORT]] [dport PORT[-PORT]]
 *       [icmp-type N] action accept|drop|reject [log]
 *
 * A file holds such lines; '#' starts a comment; blank lines are fine.
 * A file is checked whole before anything is sent: zones named by
 * policies and rules must be defined in it (or be "self"), prefixes of
 * different zones must not overlap, an interface is in one zone.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/zonesec.h>

#include "cli.h"
#include "fwparse.h"

static const struct {
	const char *name;
	uint32_t number;
} protos[] = {
	{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 },
	{ "esp", 50 }, { "ah", 51 }, { "icmpv6", 58 }, { "sctp", 132 },
	{ "udplite", 136 },
};

#define N_PROTOS (sizeof(protos) / sizeof(protos[0]))

const char *fw_proto_name(uint32_t proto)
{
	for (size_t i = 0; i < N_PROTOS; i++)
		if (protos[i].number == proto)
			return protos[i].name;
	return NULL;
}

static int fail(char *err, const char *fmt, const char *word)
{
	snprintf(err, FW_ERR_MAX, fmt, word);
	return -1;
}

/* A decimal number in [min, max], nothing else. */
static bool parse_num(const char *s, unsigned long min, unsigned long max,
		      uint32_t *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool name_ok(const char *s, size_t max)
{
	size_t len = strlen(s);

	if (!len || len >= max)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

int fw_parse_prefix(const char *word, struct zs_prefix *p, char *err)
{
	char addr[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(word, '/');
	size_t alen = slash ? (size_t)(slash - word) : strlen(word);
	uint32_t len, max;

	memset(p, 0, sizeof(*p));
	if (alen >= sizeof(addr))
		return fail(err, "malformed prefix '%s'", word);
	memcpy(addr, word, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, p->addr) == 1)
		p->family = AF_INET6;
	else
		return fail(err, "malformed prefix '%s'", word);
	max = p->family == AF_INET ? 32 : 128;
	len = max;
	if (slash && !parse_num(slash + 1, 0, max, &len))
		return fail(err, "malformed prefix '%s': bad length", word);
	p->len = (uint8_t)len;
	for (uint32_t i = len; i < max; i++)
		if (p->addr[i / 8] & (0x80 >> (i % 8)))
			return fail(err, "malformed prefix '%s': host bits set",
				    word);
	return 0;
}

static bool prefix_overlap(const struct zs_prefix *a, const struct zs_prefix *b)
{
	unsigned int len = a->len < b->len ? a->len : b->len;

	if (a->family != b->family)
		return false;
	for (unsigned int i = 0; i < len; i++)
		if ((a->addr[i / 8] ^ b->addr[i / 8]) & (0x80 >> (i % 8)))
			return false;
	return true;
}

/*
 * "ipsec" (any SA) or "ipsec reqid N" at argv[*i]; leaves *i two words
 * before the next member, for the caller's "+= 2".
 */
static int zone_ipsec(int argc, char **argv, int *i, struct zs_zone *z,
		      char *err)
{
	const char *word = argv[*i];
	uint32_t reqid = 0;

	if (*i + 1 < argc && !strcmp(argv[*i + 1], "reqid")) {
		if (*i + 2 >= argc)
			return fail(err, "'%s' needs a value", "reqid");
		word = argv[*i + 2];
		if (!parse_num(word, 1, UINT32_MAX, &reqid))
			return fail(err, "malformed reqid '%s' (1-4294967295; 'ipsec' alone: any SA)",
				    word);
		*i += 1;
	} else {
		*i -= 1;
	}
	for (size_t k = 0; k < z->n_ipsec; k++)
		if (z->ipsec[k] == reqid)
			return fail(err, "ipsec member '%s' given twice", word);
	if (z->n_ipsec == 16)
		return fail(err, "too many ipsec members at '%s'", word);
	z->ipsec[z->n_ipsec++] = reqid;
	return 0;
}

int fw_parse_zone(int argc, char **argv, struct zs_zone *z, char *err)
{
	memset(z, 0, sizeof(*z));
	if (argc < 1)
		return fail(err, "%szone add needs a name", "");
	if (!name_ok(argv[0], ZS_NAME_MAX))
		return fail(err, "invalid zone name '%s': 1 to 15 of [A-Za-z0-9_.-]",
			    argv[0]);
	if (!strcmp(argv[0], ZONESEC_ZONE_SELF))
		return fail(err, "zone '%s' is built in", argv[0]);
	snprintf(z->name, sizeof(z->name), "%s", argv[0]);
	for (int i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "ipsec")) {
			if (zone_ipsec(argc, argv, &i, z, err))
				return -1;
			continue;
		}
		if (i + 1 >= argc)
			return fail(err, "'%s' needs a value", argv[i]);
		if (!strcmp(argv[i], "dev")) {
			if (!name_ok(argv[i + 1], 16))
				return fail(err, "invalid interface name '%s'",
					    argv[i + 1]);
			for (size_t k = 0; k < z->n_ifaces; k++)
				if (!strcmp(z->ifaces[k], argv[i + 1]))
					return fail(err, "interface '%s' given twice",
						    argv[i + 1]);
			if (z->n_ifaces == 32)
				return fail(err, "too many interfaces at '%s'",
					    argv[i + 1]);
			snprintf(z->ifaces[z->n_ifaces++], 16, "%s",
				 argv[i + 1]);
		} else if (!strcmp(argv[i], "prefix")) {
			struct zs_prefix p;

			if (fw_parse_prefix(argv[i + 1], &p, err))
				return -1;
			for (size_t k = 0; k < z->n_prefixes; k++)
				if (prefix_overlap(&z->prefixes[k], &p))
					return fail(err, "prefix '%s' overlaps another prefix of the zone",
						    argv[i + 1]);
			if (z->n_prefixes == 64)
				return fail(err, "too many prefixes at '%s'",
					    argv[i + 1]);
			z->prefixes[z->n_prefixes++] = p;
		} else {
			return fail(err, "unknown zone option '%s'", argv[i]);
		}
	}
	return 0;
}

static int parse_zone_ref(const char *word, char *out, char *err)
{
	if (!name_ok(word, ZS_NAME_MAX))
		return fail(err, "invalid zone name '%s'", word);
	snprintf(out, ZS_NAME_MAX, "%s", word);
	return 0;
}

static int parse_action(const char *word, uint32_t *action, char *err)
{
	int a = zs_fw_action_parse(word);

	if (!a)
		return fail(err, "unknown action '%s' (accept, drop, reject)",
			    word);
	*action = (uint32_t)a;
	return 0;
}

int fw_parse_policy(int argc, char **argv, char *from, char *to,
		    uint32_t *action, char *err)
{
	if (argc != 5 || strcmp(argv[0], "from") || strcmp(argv[2], "to"))
		return fail(err, "%susage: zone policy from ZONE to ZONE ACTION",
			    "");
	if (parse_zone_ref(argv[1], from, err) ||
	    parse_zone_ref(argv[3], to, err))
		return -1;
	return parse_action(argv[4], action, err);
}

static int parse_proto(const char *word, uint32_t *proto, char *err)
{
	for (size_t i = 0; i < N_PROTOS; i++) {
		if (!strcmp(word, protos[i].name)) {
			*proto = protos[i].number;
			return 0;
		}
	}
	if (parse_num(word, 1, 255, proto))
		return 0;
	return fail(err, "unknown protocol '%s'", word);
}

static int parse_ports(const char *word, uint32_t *min, uint32_t *max,
		       char *err)
{
	char buf[16];
	char *dash;

	if (strlen(word) >= sizeof(buf))
		return fail(err, "malformed port range '%s'", word);
	snprintf(buf, sizeof(buf), "%s", word);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (!parse_num(buf, 1, 65535, min) ||
	    (dash && !parse_num(dash + 1, 1, 65535, max)))
		return fail(err, "malformed port range '%s' (1-65535)", word);
	if (!dash)
		*max = *min;
	if (*max < *min)
		return fail(err, "port range '%s' upside down", word);
	return 0;
}

static bool proto_has_ports(uint32_t proto)
{
	return proto == 6 || proto == 17 || proto == 132 || proto == 136;
}

/* Relations between words, after all of them are read. */
static int rule_check(const struct zs_rule *r, char *err)
{
	uint8_t fam = r->src.family ? r->src.family : r->dst.family;

	if (!r->from[0] || !r->to[0])
		return fail(err, "%sa rule needs 'from ZONE' and 'to ZONE'", "");
	if (!r->action)
		return fail(err, "%sa rule needs 'action accept|drop|reject'",
			    "");
	if ((r->sport_min || r->dport_min) && !proto_has_ports(r->proto))
		return fail(err, "%sports need proto tcp, udp, sctp or udplite",
			    "");
	if (r->has_icmp_type && r->proto != 1 && r->proto != 58)
		return fail(err, "%sicmp-type needs proto icmp or icmpv6", "");
	if (r->src.family && r->dst.family && r->src.family != r->dst.family)
		return fail(err, "%ssrc and dst prefixes of different families",
			    "");
	if ((r->proto == 1 && fam == AF_INET6) ||
	    (r->proto == 58 && fam == AF_INET))
		return fail(err, "%sprotocol and prefix families differ", "");
	return 0;
}

static int rule_word(struct zs_rule *r, const char *key, const char *val,
		     char *err)
{
	if (!strcmp(key, "from"))
		return parse_zone_ref(val, r->from, err);
	if (!strcmp(key, "to"))
		return parse_zone_ref(val, r->to, err);
	if (!strcmp(key, "proto"))
		return parse_proto(val, &r->proto, err);
	if (!strcmp(key, "src"))
		return fw_parse_prefix(val, &r->src, err);
	if (!strcmp(key, "dst"))
		return fw_parse_prefix(val, &r->dst, err);
	if (!strcmp(key, "sport"))
		return parse_ports(val, &r->sport_min, &r->sport_max, err);
	if (!strcmp(key, "dport"))
		return parse_ports(val, &r->dport_min, &r->dport_max, err);
	if (!strcmp(key, "icmp-type")) {
		r->has_icmp_type = true;
		if (!parse_num(val, 0, 255, &r->icmp_type))
			return fail(err, "malformed icmp-type '%s' (0-255)", val);
		return 0;
	}
	if (!strcmp(key, "action"))
		return parse_action(val, &r->action, err);
	return fail(err, "unknown rule option '%s'", key);
}

int fw_parse_rule(int argc, char **argv, struct zs_rule *r, char *err)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "log")) {
			r->flags |= ZONESEC_RULE_F_LOG;
			continue;
		}
		if (i + 1 >= argc) {
			if (!strcmp(argv[i], "from") || !strcmp(argv[i], "to") ||
			    !strcmp(argv[i], "proto") || !strcmp(argv[i], "src") ||
			    !strcmp(argv[i], "dst") || !strcmp(argv[i], "sport") ||
			    !strcmp(argv[i], "dport") ||
			    !strcmp(argv[i], "icmp-type") ||
			    !strcmp(argv[i], "action"))
				return fail(err, "'%s' needs a value", argv[i]);
			return fail(err, "unknown rule option '%s'", argv[i]);
		}
		if (rule_word(r, argv[i], argv[i + 1], err))
			return -1;
		i++;
	}
	return rule_check(r, err);
}

/* ---- printing ----------------------------------------------------------- */

void fw_print_prefix(FILE *f, const struct zs_prefix *p)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(p->family, p->addr, buf, sizeof(buf));
	fprintf(f, "%s/%u", buf, p->len);
}

void fw_print_zone(FILE *f, const struct zs_zone *z)
{
	fprintf(f, "zone add %s", z->name);
	for (size_t i = 0; i < z->n_ifaces; i++)
		fprintf(f, " dev %s", z->ifaces[i]);
	for (size_t i = 0; i < z->n_prefixes; i++) {
		fputs(" prefix ", f);
		fw_print_prefix(f, &z->prefixes[i]);
	}
	for (size_t i = 0; i < z->n_ipsec; i++) {
		fputs(" ipsec", f);
		if (z->ipsec[i])
			fprintf(f, " reqid %" PRIu32, z->ipsec[i]);
	}
	fputc('\n', f);
}

void fw_print_policies(FILE *f, const struct zs_zone *z)
{
	for (size_t i = 0; i < z->n_policies; i++)
		fprintf(f, "zone policy from %s to %s %s\n", z->name,
			z->policies[i].to,
			zs_fw_action_name(z->policies[i].action));
}

static void print_ports(FILE *f, const char *key, uint32_t min, uint32_t max)
{
	if (!min)
		return;
	if (min == max)
		fprintf(f, " %s %" PRIu32, key, min);
	else
		fprintf(f, " %s %" PRIu32 "-%" PRIu32, key, min, max);
}

/* The words after "rule add", as fw_parse_rule() reads them back. */
void fw_print_rule(FILE *f, const struct zs_rule *r)
{
	const char *name = fw_proto_name(r->proto);

	fprintf(f, "from %s to %s", r->from, r->to);
	if (r->proto && name)
		fprintf(f, " proto %s", name);
	else if (r->proto)
		fprintf(f, " proto %" PRIu32, r->proto);
	if (r->src.family) {
		fputs(" src ", f);
		fw_print_prefix(f, &r->src);
	}
	if (r->dst.family) {
		fputs(" dst ", f);
		fw_print_prefix(f, &r->dst);
	}
	print_ports(f, "sport", r->sport_min, r->sport_max);
	print_ports(f, "dport", r->dport_min, r->dport_max);
	if (r->has_icmp_type)
		fprintf(f, " icmp-type %" PRIu32, r->icmp_type);
	fprintf(f, " action %s", zs_fw_action_name(r->action));
	if (r->flags & ZONESEC_RULE_F_LOG)
		fputs(" log", f);
}

static void json_prefix(struct zs_json *j, const struct zs_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	FILE *m = fmemopen(buf, sizeof(buf), "w");

	if (!m) {
		zs_json_null(j);
		return;
	}
	fw_print_prefix(m, p);
	fclose(m);
	zs_json_string(j, buf);
}

void fw_json_zone(struct zs_json *j, const struct zs_zone *z)
{
	zs_json_object_begin(j);
	zs_json_kv_string(j, "name", z->name);
	zs_json_key(j, "builtin");
	zs_json_bool(j, z->builtin);
	zs_json_key(j, "ifaces");
	zs_json_array_begin(j);
	for (size_t i = 0; i < z->n_ifaces; i++)
		zs_json_string(j, z->ifaces[i]);
	zs_json_array_end(j);
	zs_json_key(j, "prefixes");
	zs_json_array_begin(j);
	for (size_t i = 0; i < z->n_prefixes; i++)
		json_prefix(j, &z->prefixes[i]);
	zs_json_array_end(j);
	/* reqids of the SAs whose traffic is the zone's; 0: any SA */
	zs_json_key(j, "ipsec");
	zs_json_array_begin(j);
	for (size_t i = 0; i < z->n_ipsec; i++)
		zs_json_u64(j, z->ipsec[i]);
	zs_json_array_end(j);
	zs_json_key(j, "policies");
	zs_json_array_begin(j);
	for (size_t i = 0; i < z->n_policies; i++) {
		zs_json_object_begin(j);
		zs_json_kv_string(j, "to", z->policies[i].to);
		zs_json_kv_string(j, "action",
				  zs_fw_action_name(z->policies[i].action));
		zs_json_object_end(j);
	}
	zs_json_array_end(j);
	zs_json_object_end(j);
}

static void json_ports(struct zs_json *j, const char *key, uint32_t min,
		       uint32_t max)
{
	if (!min)
		return;
	zs_json_key(j, key);
	zs_json_array_begin(j);
	zs_json_u64(j, min);
	zs_json_u64(j, max);
	zs_json_array_end(j);
}

void fw_json_rule(struct zs_json *j, const struct zs_rule *r)
{
	zs_json_object_begin(j);
	zs_json_kv_u64(j, "handle", r->handle);
	zs_json_kv_u64(j, "position", r->position);
	zs_json_kv_string(j, "from", r->from);
	zs_json_kv_string(j, "to", r->to);
	if (r->proto)
		zs_json_kv_u64(j, "proto", r->proto);
	if (r->src.family) {
		zs_json_key(j, "src");
		json_prefix(j, &r->src);
	}
	if (r->dst.family) {
		zs_json_key(j, "dst");
		json_prefix(j, &r->dst);
	}
	json_ports(j, "sport", r->sport_min, r->sport_max);
	json_ports(j, "dport", r->dport_min, r->dport_max);
	if (r->has_icmp_type)
		zs_json_kv_u64(j, "icmp_type", r->icmp_type);
	zs_json_kv_string(j, "action", zs_fw_action_name(r->action));
	zs_json_key(j, "log");
	zs_json_bool(j, r->flags & ZONESEC_RULE_F_LOG);
	zs_json_kv_u64(j, "packets", r->packets);
	zs_json_kv_u64(j, "bytes", r->bytes);
	zs_json_object_end(j);
}

/* ---- the file ----------------------------------------------------------- */

#define MAX_WORDS 64

static struct zs_zone *model_zone(struct fw_model *m, const char *name)
{
	for (size_t i = 0; i < m->n_zones; i++)
		if (!strcmp(m->zones[i].name, name))
			return &m->zones[i];
	return NULL;
}

/* A zone's members against every other zone's, as the kernel will check. */
static int zone_conflicts(const struct fw_model *m, const struct zs_zone *z,
			  char *err)
{
	for (size_t i = 0; i < m->n_zones; i++) {
		const struct zs_zone *o = &m->zones[i];

		if (!strcmp(o->name, z->name))
			return fail(err, "zone '%s' is defined twice", z->name);
		for (size_t a = 0; a < z->n_ifaces; a++)
			for (size_t b = 0; b < o->n_ifaces; b++)
				if (!strcmp(z->ifaces[a], o->ifaces[b]))
					return fail(err, "interface '%s' is in another zone already",
						    z->ifaces[a]);
		for (size_t a = 0; a < z->n_ipsec; a++)
			for (size_t b = 0; b < o->n_ipsec; b++)
				if (z->ipsec[a] == o->ipsec[b])
					return fail(err, "ipsec member of zone '%s' is in another zone already",
						    z->name);
		for (size_t a = 0; a < z->n_prefixes; a++)
			for (size_t b = 0; b < o->n_prefixes; b++)
				if (prefix_overlap(&z->prefixes[a],
						   &o->prefixes[b]))
					return fail(err, "prefix of zone '%s' overlaps a prefix of another zone",
						    z->name);
	}
	return 0;
}

static void *grow(void *p, size_t n, size_t size)
{
	return realloc(p, (n + 1) * size);
}

/* Room for one more zone, its line and its policies' lines. */
static int model_grow_zones(struct fw_model *m)
{
	struct zs_zone *zones;
	unsigned int *lines;
	unsigned int (*plines)[64];

	zones = grow(m->zones, m->n_zones, sizeof(*zones));
	if (!zones)
		return -1;
	m->zones = zones;
	lines = grow(m->zone_lines, m->n_zones, sizeof(*lines));
	if (!lines)
		return -1;
	m->zone_lines = lines;
	plines = grow(m->policy_lines, m->n_zones, sizeof(*plines));
	if (!plines)
		return -1;
	m->policy_lines = plines;
	return 0;
}

static int line_zone(struct fw_model *m, int argc, char **argv, char *err)
{
	struct zs_zone z;

	if (argc >= 1 && !strcmp(argv[0], "add")) {
		if (fw_parse_zone(argc - 1, argv + 1, &z, err) ||
		    zone_conflicts(m, &z, err))
			return -1;
		if (model_grow_zones(m))
			return fail(err, "%sout of memory", "");
		m->zone_lines[m->n_zones] = m->line;
		m->zones[m->n_zones++] = z;
		return 0;
	}
	if (argc >= 1 && !strcmp(argv[0], "policy")) {
		char from[ZS_NAME_MAX], to[ZS_NAME_MAX];
		struct zs_zone *fz;
		uint32_t action;

		if (fw_parse_policy(argc - 1, argv + 1, from, to, &action, err))
			return -1;
		fz = model_zone(m, from);
		if (!fz)
			return fail(err, "unknown zone '%s'", from);
		if (!model_zone(m, to))
			return fail(err, "unknown zone '%s'", to);
		for (size_t i = 0; i < fz->n_policies; i++)
			if (!strcmp(fz->policies[i].to, to))
				return fail(err, "policy to '%s' given twice", to);
		m->policy_lines[fz - m->zones][fz->n_policies] = m->line;
		snprintf(fz->policies[fz->n_policies].to, ZS_NAME_MAX, "%s", to);
		fz->policies[fz->n_policies++].action = action;
		return 0;
	}
	return fail(err, "unknown zone command '%s' (add, policy)",
		    argc ? argv[0] : "");
}

static int line_rule(struct fw_model *m, int argc, char **argv, char *err)
{
	struct zs_rule r, *rules;
	unsigned int *lines;

	if (argc < 1 || strcmp(argv[0], "add"))
		return fail(err, "unknown rule command '%s' (add)",
			    argc ? argv[0] : "");
	if (fw_parse_rule(argc - 1, argv + 1, &r, err))
		return -1;
	if (!model_zone(m, r.from))
		return fail(err, "unknown zone '%s'", r.from);
	if (!model_zone(m, r.to))
		return fail(err, "unknown zone '%s'", r.to);
	if (m->n_rules >= ZONESEC_RULES_MAX)
		return fail(err, "%stoo many rules", "");
	rules = grow(m->rules, m->n_rules, sizeof(*rules));
	if (!rules)
		return fail(err, "%sout of memory", "");
	m->rules = rules;
	lines = grow(m->rule_lines, m->n_rules, sizeof(*lines));
	if (!lines)
		return fail(err, "%sout of memory", "");
	m->rule_lines = lines;
	m->rule_lines[m->n_rules] = m->line;
	m->rules[m->n_rules++] = r;
	return 0;
}

static int parse_line(struct fw_model *m, char *line, char *err)
{
	char *argv[MAX_WORDS], *hash, *save = NULL, *w;
	int argc = 0;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	for (w = strtok_r(line, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == MAX_WORDS)
			return fail(err, "%stoo many words on one line", "");
		argv[argc++] = w;
	}
	if (!argc)
		return 0;
	if (!strcmp(argv[0], "zone"))
		return line_zone(m, argc - 1, argv + 1, err);
	if (!strcmp(argv[0], "rule"))
		return line_rule(m, argc - 1, argv + 1, err);
	return fail(err, "unknown command '%s' (zone, rule)", argv[0]);
}

int fw_model_init(struct fw_model *m)
{
	memset(m, 0, sizeof(*m));
	if (model_grow_zones(m)) {
		fw_model_free(m);
		return -1;
	}
	memset(&m->zones[0], 0, sizeof(m->zones[0]));
	snprintf(m->zones[0].name, ZS_NAME_MAX, "%s", ZONESEC_ZONE_SELF);
	m->zones[0].builtin = true;
	m->zone_lines[0] = 0;
	m->n_zones = 1;
	return 0;
}

int fw_model_parse_line(struct fw_model *m, unsigned int lineno, char *line,
			char *err)
{
	m->line = lineno;
	return parse_line(m, line, err);
}

void fw_model_free(struct fw_model *m)
{
	free(m->zones);
	free(m->rules);
	free(m->zone_lines);
	free(m->policy_lines);
	free(m->rule_lines);
	memset(m, 0, sizeof(*m));
}

unsigned int fw_model_line(const struct fw_model *m,
			   const struct zs_fw_culprit *c)
{
	if (!c->found)
		return 0;
	if (c->is_rule)
		return c->index < m->n_rules ? m->rule_lines[c->index] : 0;
	if (c->index >= m->n_zones)
		return 0;
	if (c->in_policy)
		return c->policy < m->zones[c->index].n_policies ?
		       m->policy_lines[c->index][c->policy] : 0;
	return m->zone_lines[c->index];
}
