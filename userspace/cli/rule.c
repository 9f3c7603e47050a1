// SPDX-License-Identifier: GPL-2.0-or-later
/* zonesec rule: add, insert, replace, del, show. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fwparse.h"

void rule_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] rule [show] [from ZONE] [to ZONE]\n"
		"       " PROG_NAME " rule add RULE\n"
		"       " PROG_NAME " rule insert POSITION RULE\n"
		"       " PROG_NAME " rule replace HANDLE RULE\n"
		"       " PROG_NAME " rule del HANDLE\n"
		"\n"
		"RULE := from ZONE to ZONE [proto tcp|udp|icmp|icmpv6|sctp|NUMBER]\n"
		"        [src PREFIX] [dst PREFIX] [sport PORT[-PORT]] [dport PORT[-PORT]]\n"
		"        [icmp-type N] action accept|drop|reject [log]\n"
		"\n"
		"Rules are evaluated in order for the first packet of a connection\n"
		"(conntrack NEW); the first match decides, else the zone pair's policy.\n"
		"Packets of established and related connections pass; invalid ones are\n"
		"dropped. reject answers TCP with a reset, anything else with an ICMP\n"
		"port unreachable. show prints handle, position and counters (packets\n"
		"the rule decided, and their bytes).\n");
}

static bool parse_u32(const char *s, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end || v == 0 || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static int rule_show(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	struct zs_sock *sock;
	struct zs_rule *rules;
	struct zs_error err;
	struct zs_json j;
	size_t n;
	int ret;

	for (int i = 0; i < argc; i += 2) {
		if (i + 1 < argc && !strcmp(argv[i], "from"))
			from = argv[i + 1];
		else if (i + 1 < argc && !strcmp(argv[i], "to"))
			to = argv[i + 1];
		else {
			cli_error("rule show: unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_rule_list(sock, &rules, &n, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (cli.json) {
		zs_json_init(&j, stdout);
		zs_json_array_begin(&j);
	}
	for (size_t i = 0; i < n; i++) {
		const struct zs_rule *r = &rules[i];

		if ((from && strcmp(r->from, from)) || (to && strcmp(r->to, to)))
			continue;
		if (cli.json) {
			fw_json_rule(&j, r);
			continue;
		}
		printf("%" PRIu32 ": handle %" PRIu32 " ", r->position,
		       r->handle);
		fw_print_rule(stdout, r);
		printf("  # packets %" PRIu64 " bytes %" PRIu64 "\n",
		       r->packets, r->bytes);
	}
	if (cli.json)
		zs_json_array_end(&j);
	free(rules);
	return cli_finish_output();
}

static int rule_new(struct zs_rule *r)
{
	struct zs_sock *sock;
	struct zs_rule out;
	struct zs_error err;
	int ret;

	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_rule_new(sock, r, &out, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (cli.json) {
		struct zs_json j;

		zs_json_init(&j, stdout);
		fw_json_rule(&j, &out);
	} else {
		printf("handle %" PRIu32 " position %" PRIu32 "\n", out.handle,
		       out.position);
	}
	return cli_finish_output();
}

static int rule_del(int argc, char **argv)
{
	struct zs_sock *sock;
	struct zs_error err;
	uint32_t handle;
	int ret;

	if (argc != 1 || !parse_u32(argv[0], &handle)) {
		cli_error("rule del: needs one handle, got '%s'",
			  argc ? argv[0] : "");
		return EXIT_USAGE;
	}
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_rule_del(sock, handle, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int rule_main(int argc, char **argv)
{
	char msg[FW_ERR_MAX];
	struct zs_rule r;
	uint32_t num = 0;
	const char *sub = argc > 1 ? argv[1] : "show";
	int skip = 2;

	if (argc < 2 || !strcmp(sub, "show"))
		return rule_show(argc > 2 ? argc - 2 : 0, argv + 2);
	if (!strcmp(sub, "from") || !strcmp(sub, "to"))
		return rule_show(argc - 1, argv + 1);
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") ||
	    !strcmp(sub, "help")) {
		rule_help(stdout);
		return cli_finish_output();
	}
	if (!strcmp(sub, "del"))
		return rule_del(argc - 2, argv + 2);
	if (!strcmp(sub, "insert") || !strcmp(sub, "replace")) {
		if (argc < 3 || !parse_u32(argv[2], &num)) {
			cli_error("rule %s: needs a %s, got '%s'", sub,
				  sub[0] == 'i' ? "position" : "handle",
				  argc > 2 ? argv[2] : "");
			return EXIT_USAGE;
		}
		skip = 3;
	} else if (strcmp(sub, "add")) {
		cli_error("rule: unknown subcommand '%s'", sub);
		rule_help(stderr);
		return EXIT_USAGE;
	}
	if (fw_parse_rule(argc - skip, argv + skip, &r, msg)) {
		cli_error("rule %s: %s", sub, msg);
		return EXIT_USAGE;
	}
	if (sub[0] == 'i')
		r.position = num;
	else if (sub[0] == 'r')
		r.handle = num;
	return rule_new(&r);
}
