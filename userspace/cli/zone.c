// SPDX-License-Identifier: GPL-2.0-or-later
/* zonesec zone: add, del, policy, show. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fwparse.h"

void zone_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] zone [show]\n"
		"       " PROG_NAME " zone add NAME [dev IFNAME]... [prefix ADDR/LEN]...\n"
		"                [ipsec [reqid N]]...\n"
		"       " PROG_NAME " zone del NAME\n"
		"       " PROG_NAME " zone policy from ZONE to ZONE accept|drop|reject\n"
		"\n"
		"Zones of the firewall. A zone's members are interfaces, by name (they\n"
		"need not exist yet; renames and removals are followed), and address\n"
		"prefixes, which win over interfaces, and 'ipsec': the packets a zonesec\n"
		"SA decapsulated (with 'reqid N', that SA's), which win over both.\n"
		"The zone 'self' is the gateway\n"
		"itself. Traffic between two zones is dropped unless a rule or the\n"
		"pair's policy says otherwise; traffic within a zone and from self is\n"
		"accepted by default. A zone that a rule or another zone's policy\n"
		"names cannot be deleted.\n");
}

static int zone_show(void)
{
	struct zs_zone *zones;
	struct zs_sock *sock;
	struct zs_error err;
	struct zs_json j;
	size_t n;
	int ret;

	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_zone_list(sock, &zones, &n, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (cli.json) {
		zs_json_init(&j, stdout);
		zs_json_array_begin(&j);
		for (size_t i = 0; i < n; i++)
			fw_json_zone(&j, &zones[i]);
		zs_json_array_end(&j);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (!zones[i].builtin)
				fw_print_zone(stdout, &zones[i]);
			else
				printf("zone %s (built in)\n", zones[i].name);
			fw_print_policies(stdout, &zones[i]);
		}
	}
	free(zones);
	return cli_finish_output();
}

static int run(int (*fn)(struct zs_sock *, void *, struct zs_error *),
	       void *arg)
{
	struct zs_sock *sock;
	struct zs_error err;
	int ret;

	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = fn(sock, arg, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

static int do_add(struct zs_sock *sock, void *arg, struct zs_error *err)
{
	return zs_zone_new(sock, arg, err);
}

static int do_del(struct zs_sock *sock, void *arg, struct zs_error *err)
{
	return zs_zone_del(sock, arg, err);
}

static int do_policy(struct zs_sock *sock, void *arg, struct zs_error *err)
{
	const struct zs_zone *z = arg;

	return zs_zone_policy_set(sock, z->name, z->policies[0].to,
				  z->policies[0].action, err);
}

int zone_main(int argc, char **argv)
{
	char msg[FW_ERR_MAX];
	struct zs_zone z;

	if (argc < 2 || !strcmp(argv[1], "show")) {
		if (argc > 2) {
			cli_error("zone show: unexpected argument '%s'", argv[2]);
			return EXIT_USAGE;
		}
		return zone_show();
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		zone_help(stdout);
		return cli_finish_output();
	}
	if (!strcmp(argv[1], "add")) {
		if (fw_parse_zone(argc - 2, argv + 2, &z, msg)) {
			cli_error("zone add: %s", msg);
			return EXIT_USAGE;
		}
		return run(do_add, &z);
	}
	if (!strcmp(argv[1], "del")) {
		if (argc != 3) {
			cli_error("zone del: needs exactly one zone name");
			return EXIT_USAGE;
		}
		return run(do_del, argv[2]);
	}
	if (!strcmp(argv[1], "policy")) {
		memset(&z, 0, sizeof(z));
		if (fw_parse_policy(argc - 2, argv + 2, z.name, z.policies[0].to,
				    &z.policies[0].action, msg)) {
			cli_error("zone policy: %s", msg);
			return EXIT_USAGE;
		}
		return run(do_policy, &z);
	}
	cli_error("zone: unknown subcommand '%s'", argv[1]);
	zone_help(stderr);
	return EXIT_USAGE;
}
