// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec monitor: the module's events as they come, one per line
 * (with -j, one JSON object per line), like `ip xfrm monitor`.
 *
 *   zonesec [-j] monitor [count N]
 */
#include <inttypes.h>
#include <string.h>

#include <linux/zonesec.h>

#include "cli.h"
#include "fwparse.h"
#include "ipsec.h"
#include "parse.h"

void monitor_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] monitor [count N]\n"
		"\n"
		"Print the module's events as they come, one per line: EXPIRE (an SA\n"
		"reached a soft limit, or a hard one and was removed), ACQUIRE (a\n"
		"packet fell under a protect policy that has no SA; at most one per\n"
		"policy and second) and LOG (a packet a firewall rule with 'log'\n"
		"decided; at most 10 a second). With count N, stop after N events.\n");
}

struct monitor_ctx {
	uint64_t left;		/* 0: forever */
};

static const char *expire_name(uint32_t kind)
{
	return kind == ZONESEC_EXPIRE_SOFT ? "soft" :
	       kind == ZONESEC_EXPIRE_HARD ? "hard" : "unknown";
}

/* log rule 8 internet -> lan reject proto tcp 203.0.113.1:40000 -> ... */
static void print_log(const struct zs_fw_logev *l)
{
	const char *proto = fw_proto_name(l->proto);
	char a[64], b[64];

	printf("log rule %" PRIu32 " %s -> %s %s", l->handle, l->from, l->to,
	       zs_fw_action_name(l->action));
	if (proto)
		printf(" proto %s", proto);
	else
		printf(" proto %" PRIu32, l->proto);
	zs_addr_str(&l->src, a, sizeof(a));
	zs_addr_str(&l->dst, b, sizeof(b));
	if (l->has_ports)
		printf(l->src.af == ZONESEC_AF_IPV6 ?
		       " [%s]:%" PRIu32 " -> [%s]:%" PRIu32 :
		       " %s:%" PRIu32 " -> %s:%" PRIu32,
		       a, l->sport, b, l->dport);
	else
		printf(" %s -> %s", a, b);
	if (l->has_icmp_type)
		printf(" icmp-type %" PRIu32, l->icmp_type);
	printf(" in %s out %s len %" PRIu32 "\n", l->iif[0] ? l->iif : "-",
	       l->oif[0] ? l->oif : "-", l->len);
}

static void json_log(struct zs_json *j, const struct zs_fw_logev *l)
{
	char a[64];

	zs_json_kv_string(j, "event", "log");
	zs_json_kv_u64(j, "handle", l->handle);
	zs_json_kv_string(j, "from", l->from);
	zs_json_kv_string(j, "to", l->to);
	zs_json_kv_string(j, "action", zs_fw_action_name(l->action));
	zs_json_kv_u64(j, "proto", l->proto);
	zs_json_kv_string(j, "src", zs_addr_str(&l->src, a, sizeof(a)));
	zs_json_kv_string(j, "dst", zs_addr_str(&l->dst, a, sizeof(a)));
	if (l->has_ports) {
		zs_json_kv_u64(j, "sport", l->sport);
		zs_json_kv_u64(j, "dport", l->dport);
	}
	if (l->has_icmp_type)
		zs_json_kv_u64(j, "icmp_type", l->icmp_type);
	if (l->iif[0])
		zs_json_kv_string(j, "iif", l->iif);
	if (l->oif[0])
		zs_json_kv_string(j, "oif", l->oif);
	zs_json_kv_u64(j, "len", l->len);
}

static void print_human(const struct zs_event *ev)
{
	const struct zs_policy *p = &ev->pol;
	char a[64], b[64];

	if (ev->cmd == ZONESEC_CMD_RULE_LOG_NTF) {
		print_log(&ev->log);
		return;
	}
	if (ev->cmd == ZONESEC_CMD_SA_EXPIRE_NTF) {
		printf("expire %s src %s dst %s proto %s spi 0x%08" PRIx32
		       " reqid %" PRIu32 "\n", expire_name(ev->sa.expire),
		       zs_addr_str(&ev->sa.src, a, sizeof(a)),
		       zs_addr_str(&ev->sa.dst, b, sizeof(b)),
		       zs_proto_name(ev->sa.proto), ev->sa.spi, ev->sa.reqid);
		return;
	}
	printf("acquire policy %" PRIu32 " src %s/%" PRIu32 " dst %s/%" PRIu32,
	       p->id, zs_addr_str(&p->src, a, sizeof(a)), p->src_plen,
	       zs_addr_str(&p->dst, b, sizeof(b)), p->dst_plen);
	printf(" tmpl proto %s reqid %" PRIu32 " mode %s\n",
	       zs_proto_name(p->tmpl.proto), p->tmpl.reqid,
	       zs_mode_name(p->tmpl.mode));
}

static int on_event(const struct zs_event *ev, void *data)
{
	struct monitor_ctx *ctx = data;
	struct zs_json j;

	if (cli.json) {
		zs_json_init(&j, stdout);
		zs_json_object_begin(&j);
		if (ev->cmd == ZONESEC_CMD_SA_EXPIRE_NTF) {
			zs_json_kv_string(&j, "event", "expire");
			zs_json_kv_string(&j, "kind", expire_name(ev->sa.expire));
			zs_json_key(&j, "sa");
			sa_print_json(&j, &ev->sa);
		} else if (ev->cmd == ZONESEC_CMD_RULE_LOG_NTF) {
			json_log(&j, &ev->log);
		} else {
			zs_json_kv_string(&j, "event", "acquire");
			zs_json_key(&j, "policy");
			policy_print_json(&j, &ev->pol);
		}
		zs_json_object_end(&j);
		zs_json_end(&j);
	} else {
		print_human(ev);
	}
	if (fflush(stdout))
		return -1;
	return ctx->left && !--ctx->left;
}

int monitor_main(int argc, char **argv)
{
	struct monitor_ctx ctx = { 0 };
	struct zs_sock *sock;
	struct zs_error err;
	int ret;

	if (argc > 1 && is_help(argv[1])) {
		monitor_help(stdout);
		return cli_finish_output();
	}
	if (argc == 3 && !strcmp(argv[1], "count")) {
		if (parse_u64(argv[2], UINT64_MAX, &ctx.left) || !ctx.left)
			return bad_value("count", argv[2]);
	} else if (argc > 1) {
		cli_error("monitor: unexpected argument '%s'", argv[1]);
		monitor_help(stderr);
		return EXIT_USAGE;
	}
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_monitor(sock, on_event, &ctx, &err);
	zs_sock_close(sock);
	if (ret < 0) {
		if (ret == -1)
			cli_error("cannot write the output");
		else
			cli_lib_error(&err);
		return EXIT_ERROR;
	}
	return cli_finish_output();
}
