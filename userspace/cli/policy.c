// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec policy: security policies, in the words of ip-xfrm(8).
 *
 *   zonesec policy add src PFX dst PFX [proto P [sport N[-M]] [dport N[-M]]
 *       [type N]] dir in|out|fwd [priority N]
 *       [action allow|block|protect|bypass|discard]
 *       [tmpl [src A dst B] [proto esp|ah] [reqid N] [mode M]]
 *   zonesec policy [show]
 *   zonesec policy get|del { id N | src PFX dst PFX [proto ...] dir D }
 *   zonesec policy flush
 *
 * As in ip-xfrm, "action allow" (the default) with a template protects
 * and without one lets the packets pass; "action block" drops them.
 * Words after "tmpl" describe the template.
 */
#include <inttypes.h>
#include <netdb.h>
#include <string.h>

#include <linux/zonesec.h>

#include "cli.h"
#include "ipsec.h"
#include "parse.h"

enum { ACTION_ALLOW = 100 };

static const struct word dir_words[] = {
	{ "in", ZONESEC_DIR_IN }, { "out", ZONESEC_DIR_OUT },
	{ "fwd", ZONESEC_DIR_FWD }, { NULL, 0 },
};

static const struct word action_words[] = {
	{ "allow", ACTION_ALLOW }, { "block", ZONESEC_ACTION_DISCARD },
	{ "protect", ZONESEC_ACTION_PROTECT },
	{ "bypass", ZONESEC_ACTION_BYPASS },
	{ "discard", ZONESEC_ACTION_DISCARD }, { NULL, 0 },
};

static const struct word proto_words[] = {
	{ "esp", ZONESEC_PROTO_ESP }, { "ah", ZONESEC_PROTO_AH }, { NULL, 0 },
};

static const struct word mode_words[] = {
	{ "transport", ZONESEC_MODE_TRANSPORT },
	{ "tunnel", ZONESEC_MODE_TUNNEL }, { NULL, 0 },
};

void policy_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] policy [show]\n"
		"       " PROG_NAME " policy add SELECTOR dir in|out|fwd [priority N]\n"
		"               [action allow|block|protect|bypass|discard]\n"
		"               [tmpl [src ADDR dst ADDR] [proto esp|ah] [reqid N]\n"
		"                     [mode transport|tunnel]]\n"
		"       " PROG_NAME " [-j] policy get { id N | SELECTOR dir DIR }\n"
		"       " PROG_NAME " policy del { id N | SELECTOR dir DIR }\n"
		"       " PROG_NAME " policy flush\n"
		"SELECTOR := [src PREFIX] [dst PREFIX] [proto PROTO [sport N[-M]]\n"
		"            [dport N[-M]] [type N]]\n"
		"\n"
		"Security policies, in the words of ip-xfrm(8). A missing src or dst\n"
		"means any address of the other's family. 'action allow' (the\n"
		"default) protects with a template and bypasses without one; 'block'\n"
		"discards. Lower priority values are looked up first.\n");
}

struct pol_args {
	struct zs_policy pol;
	bool src, dst, tmpl, dir;
	uint32_t action;
};

static int parse_proto(const char *v, uint32_t *out)
{
	const struct protoent *pe;

	if (!strcmp(v, "any")) {
		*out = 0;
		return 0;
	}
	if (!parse_u32(v, out))
		return *out > 255 ? -1 : 0;
	pe = getprotobyname(v);
	if (!pe)
		return -1;
	*out = (uint32_t)pe->p_proto;
	return 0;
}

static int parse_tmpl_word(const char *kw, const char *v, struct pol_args *a)
{
	struct zs_policy *p = &a->pol;

	if (!strcmp(kw, "src") || !strcmp(kw, "dst")) {
		if (zs_addr_parse(v, kw[0] == 's' ? &p->tmpl.src : &p->tmpl.dst))
			return bad_value("address", v);
	} else if (!strcmp(kw, "proto")) {
		if (parse_word(v, proto_words, &p->tmpl.proto))
			return bad_value("proto (esp or ah)", v);
	} else if (!strcmp(kw, "reqid")) {
		if (parse_u32(v, &p->tmpl.reqid))
			return bad_value("reqid", v);
	} else if (!strcmp(kw, "mode")) {
		if (parse_word(v, mode_words, &p->tmpl.mode))
			return bad_value("mode (transport or tunnel)", v);
	} else {
		cli_error("policy: unknown template word '%s'", kw);
		return EXIT_USAGE;
	}
	return -1;
}

static int parse_sel_word(const char *kw, const char *v, struct pol_args *a)
{
	struct zs_policy *p = &a->pol;

	if (!strcmp(kw, "src")) {
		if (zs_prefix_parse(v, &p->src, &p->src_plen))
			return bad_value("prefix", v);
		a->src = true;
	} else if (!strcmp(kw, "dst")) {
		if (zs_prefix_parse(v, &p->dst, &p->dst_plen))
			return bad_value("prefix", v);
		a->dst = true;
	} else if (!strcmp(kw, "proto")) {
		if (parse_proto(v, &p->proto))
			return bad_value("protocol", v);
	} else if (!strcmp(kw, "sport")) {
		if (parse_port_range(v, &p->sport_min, &p->sport_max))
			return bad_value("port range", v);
		p->has_ports = true;
	} else if (!strcmp(kw, "dport")) {
		if (parse_port_range(v, &p->dport_min, &p->dport_max))
			return bad_value("port range", v);
		p->has_ports = true;
	} else if (!strcmp(kw, "type")) {
		uint64_t t;

		if (parse_u64(v, 255, &t))
			return bad_value("ICMP type", v);
		p->icmp_type = (int32_t)t;
	} else if (!strcmp(kw, "dir")) {
		if (parse_word(v, dir_words, &p->dir))
			return bad_value("dir (in, out or fwd)", v);
		a->dir = true;
	} else if (!strcmp(kw, "priority")) {
		if (parse_u32(v, &p->priority))
			return bad_value("priority", v);
	} else if (!strcmp(kw, "action")) {
		if (parse_word(v, action_words, &a->action))
			return bad_value("action", v);
	} else if (!strcmp(kw, "id")) {
		if (parse_u32(v, &p->id) || !p->id)
			return bad_value("policy id", v);
	} else {
		cli_error("policy: unknown word '%s'", kw);
		return EXIT_USAGE;
	}
	return -1;
}

/* Missing src or dst: any address of the other's family. */
static int fill_defaults(struct pol_args *a, const char *cmd)
{
	struct zs_policy *p = &a->pol;

	if (!a->src && !a->dst) {
		cli_error("policy %s: needs src or dst (or id)", cmd);
		return EXIT_USAGE;
	}
	if (!a->src) {
		p->src.af = p->dst.af;
		p->src_plen = 0;
	}
	if (!a->dst) {
		p->dst.af = p->src.af;
		p->dst_plen = 0;
	}
	if (!a->dir) {
		cli_error("policy %s: needs dir", cmd);
		return EXIT_USAGE;
	}
	if (a->action == ACTION_ALLOW)
		p->action = a->tmpl ? ZONESEC_ACTION_PROTECT :
				      ZONESEC_ACTION_BYPASS;
	else
		p->action = a->action;
	p->has_tmpl = a->tmpl;
	return -1;
}

static int parse_policy(int argc, char **argv, struct pol_args *a, bool add)
{
	const char *v;
	int ret;

	memset(a, 0, sizeof(*a));
	zs_policy_init(&a->pol);
	a->action = ACTION_ALLOW;
	a->pol.tmpl.proto = ZONESEC_PROTO_ESP;
	a->pol.tmpl.mode = ZONESEC_MODE_TRANSPORT;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "tmpl")) {
			if (!add) {
				cli_error("policy %s: unexpected word 'tmpl'",
					  argv[0]);
				return EXIT_USAGE;
			}
			a->tmpl = true;
			continue;
		}
		v = arg_value(argc, argv, &i);
		if (!v)
			return EXIT_USAGE;
		ret = a->tmpl ? parse_tmpl_word(argv[i - 1], v, a) :
				parse_sel_word(argv[i - 1], v, a);
		if (ret >= 0)
			return ret;
	}
	if (!add && a->pol.id)
		return -1;
	return fill_defaults(a, argv[0]);
}

static void print_ports(const char *kw, uint32_t min, uint32_t max)
{
	if (min == 0 && max == 65535)
		return;
	if (min == max)
		printf(" %s %" PRIu32, kw, min);
	else
		printf(" %s %" PRIu32 "-%" PRIu32, kw, min, max);
}

static void print_human(const struct zs_policy *p)
{
	char a[64], b[64];

	printf("src %s/%" PRIu32, zs_addr_str(&p->src, a, sizeof(a)),
	       p->src_plen);
	printf(" dst %s/%" PRIu32, zs_addr_str(&p->dst, b, sizeof(b)),
	       p->dst_plen);
	if (p->proto)
		printf(" proto %" PRIu32, p->proto);
	if (p->has_ports) {
		print_ports("sport", p->sport_min, p->sport_max);
		print_ports("dport", p->dport_min, p->dport_max);
	}
	if (p->icmp_type != ZS_ICMP_ANY)
		printf(" type %" PRId32, p->icmp_type);
	printf("\n\tdir %s priority %" PRIu32 " action %s id %" PRIu32 "\n",
	       zs_dir_name(p->dir), p->priority, zs_action_name(p->action),
	       p->id);
	if (!p->has_tmpl)
		return;
	printf("\ttmpl");
	if (p->tmpl.src.af)
		printf(" src %s dst %s",
		       zs_addr_str(&p->tmpl.src, a, sizeof(a)),
		       zs_addr_str(&p->tmpl.dst, b, sizeof(b)));
	printf(" proto %s reqid %" PRIu32 " mode %s\n",
	       zs_proto_name(p->tmpl.proto), p->tmpl.reqid,
	       zs_mode_name(p->tmpl.mode));
}

static void kv_prefix(struct zs_json *j, const char *key,
		      const struct zs_addr *addr, uint32_t plen)
{
	char a[64], buf[80];

	snprintf(buf, sizeof(buf), "%s/%" PRIu32,
		 zs_addr_str(addr, a, sizeof(a)), plen);
	zs_json_kv_string(j, key, buf);
}

void policy_print_json(struct zs_json *j, const struct zs_policy *p)
{
	char a[64];

	zs_json_object_begin(j);
	zs_json_kv_u64(j, "id", p->id);
	zs_json_kv_string(j, "dir", zs_dir_name(p->dir));
	kv_prefix(j, "src", &p->src, p->src_plen);
	kv_prefix(j, "dst", &p->dst, p->dst_plen);
	zs_json_kv_u64(j, "proto", p->proto);
	if (p->has_ports) {
		zs_json_kv_u64(j, "sport_min", p->sport_min);
		zs_json_kv_u64(j, "sport_max", p->sport_max);
		zs_json_kv_u64(j, "dport_min", p->dport_min);
		zs_json_kv_u64(j, "dport_max", p->dport_max);
	}
	if (p->icmp_type != ZS_ICMP_ANY)
		zs_json_kv_u64(j, "icmp_type", (uint64_t)p->icmp_type);
	zs_json_kv_u64(j, "priority", p->priority);
	zs_json_kv_string(j, "action", zs_action_name(p->action));
	if (p->has_tmpl) {
		zs_json_key(j, "tmpl");
		zs_json_object_begin(j);
		zs_json_kv_string(j, "proto", zs_proto_name(p->tmpl.proto));
		zs_json_kv_string(j, "mode", zs_mode_name(p->tmpl.mode));
		zs_json_kv_u64(j, "reqid", p->tmpl.reqid);
		if (p->tmpl.src.af) {
			zs_json_kv_string(j, "src", zs_addr_str(&p->tmpl.src, a,
								sizeof(a)));
			zs_json_kv_string(j, "dst", zs_addr_str(&p->tmpl.dst, a,
								sizeof(a)));
		}
		zs_json_object_end(j);
	}
	zs_json_object_end(j);
}

static int show_cb(const struct zs_policy *p, void *data)
{
	if (data)
		policy_print_json(data, p);
	else
		print_human(p);
	return 0;
}

static int dump_all(struct zs_sock *sock, void *json, struct zs_error *err)
{
	return zs_policy_dump(sock, show_cb, json, err);
}

enum op { OP_ADD, OP_GET, OP_DEL, OP_FLUSH };

static int policy_op(int argc, char **argv, enum op op)
{
	struct zs_policy out;
	struct zs_sock *sock;
	struct zs_error err;
	struct pol_args a;
	struct zs_json j;
	int ret;

	if (op == OP_FLUSH && argc > 1) {
		cli_error("policy flush: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (op != OP_FLUSH) {
		ret = parse_policy(argc, argv, &a, op == OP_ADD);
		if (ret >= 0)
			return ret;
	}
	ret = cli_open(&sock);
	if (ret)
		return ret;
	switch (op) {
	case OP_ADD:
		ret = zs_policy_new(sock, &a.pol, &err);
		break;
	case OP_GET:
		ret = zs_policy_get(sock, &a.pol, &out, &err);
		break;
	case OP_DEL:
		ret = zs_policy_del(sock, &a.pol, &err);
		break;
	case OP_FLUSH:
		ret = zs_policy_flush(sock, &err);
		break;
	}
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (op != OP_GET)
		return EXIT_OK;
	if (cli.json) {
		zs_json_init(&j, stdout);
		policy_print_json(&j, &out);
		zs_json_end(&j);
	} else {
		print_human(&out);
	}
	return cli_finish_output();
}

int policy_main(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "show";

	if (is_help(sub)) {
		policy_help(stdout);
		return cli_finish_output();
	}
	if (argc > 1) {
		argc--;
		argv++;
	}
	if (!strcmp(sub, "show") || !strcmp(sub, "list"))
		return cli_show_dump("policy", argc, argv, dump_all);
	if (!strcmp(sub, "add"))
		return policy_op(argc, argv, OP_ADD);
	if (!strcmp(sub, "get"))
		return policy_op(argc, argv, OP_GET);
	if (!strcmp(sub, "del") || !strcmp(sub, "delete"))
		return policy_op(argc, argv, OP_DEL);
	if (!strcmp(sub, "flush"))
		return policy_op(argc, argv, OP_FLUSH);
	cli_error("policy: unknown subcommand '%s'", sub);
	policy_help(stderr);
	return EXIT_USAGE;
}
