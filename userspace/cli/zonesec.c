// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec: configure and inspect the zonesec kernel module.
 *
 *   zonesec [-j] [-n NETNS] [COMMAND [ARGS]]
 *
 * Global options come before the command, as with ip(8); each command
 * lives in its own file and parses its own arguments.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/zonesec.h>

#include "cli.h"

struct cli_options cli;

static const struct command commands[] = {
	{ "info", info_main, info_help,
	  "show the module's version, ABI and algorithms" },
	{ "zone", zone_main, zone_help, "firewall zones and zone-pair policies" },
	{ "rule", rule_main, rule_help, "firewall rules between zones" },
	{ "fw", fw_main, fw_help, "the whole zone and rule set: load, show, flush" },
	{ "sa", sa_main, sa_help,
	  "add, show, get, delete and flush Security Associations" },
	{ "policy", policy_main, policy_help,
	  "add, show, get, delete and flush security policies" },
	{ "monitor", monitor_main, monitor_help,
	  "print events (EXPIRE, ACQUIRE) as they come" },
	{ "tunnel", tunnel_main, tunnel_help,
	  "zonesecd's tunnels: show, up, down, add, del (control socket)" },
	{ "reload", reload_main, reload_help,
	  "make zonesecd read its configuration again" },
	{ "genkey", genkey_main, genkey_help,
	  "write a new Ed25519 private key (mode 0600)" },
	{ "pubkey", pubkey_main, pubkey_help,
	  "print the public key of a private key file" },
	{ "stats", stats_main, stats_help,
	  "IPsec counters: drops by reason, per namespace and per SA" },
	{ "help", help_main, help_help, "show help for a command" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* What runs when no command is given. */
#define DEFAULT_COMMAND "info"

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"Configure and inspect zonesec: IPsec (ESP, AH) and a zone firewall\n"
		"in the kernel.\n"
		"\n"
		"Options:\n"
		"  -j, --json           print JSON\n"
		"  -n, --netns NETNS    act in the network namespace /run/netns/NETNS\n"
		"  -h, --help           show this help\n"
		"  -V, --version        show the version\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"With no command, '" DEFAULT_COMMAND "' runs. "
		"'" PROG_NAME " help COMMAND' shows a command's help.\n");
}

static void version(void)
{
	printf(PROG_NAME " %s (netlink ABI version %d)\n", ZONESEC_VERSION,
	       ZONESEC_FAMILY_VERSION);
}

static bool is(const char *arg, const char *s, const char *l)
{
	return !strcmp(arg, s) || !strcmp(arg, l);
}

/* The value of -n/--netns: "-n NS", "--netns NS" or "--netns=NS". */
static int netns_option(int argc, char **argv, int *i)
{
	const char *arg = argv[*i];

	if (!strncmp(arg, "--netns=", 8)) {
		cli.netns = arg + 8;
	} else if (*i + 1 < argc) {
		cli.netns = argv[++*i];
	} else {
		cli_error("option '%s' needs a network namespace name", arg);
		return EXIT_USAGE;
	}
	if (!cli.netns[0]) {
		cli_error("option '%s' needs a network namespace name", arg);
		return EXIT_USAGE;
	}
	return -1;
}

/*
 * Parse global options up to the first word that is not one. Returns -1
 * to go on with argv[*next], else the exit status.
 */
static int parse_options(int argc, char **argv, int *next)
{
	int i, ret;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--")) {
			i++;
			break;
		} else if (is(arg, "-j", "--json")) {
			cli.json = true;
		} else if (is(arg, "-n", "--netns") ||
			   !strncmp(arg, "--netns=", 8)) {
			ret = netns_option(argc, argv, &i);
			if (ret >= 0)
				return ret;
		} else if (is(arg, "-h", "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (is(arg, "-V", "--version")) {
			version();
			return EXIT_OK;
		} else {
			cli_error("unknown option '%s'", arg);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	*next = i;
	return -1;
}

int main(int argc, char **argv)
{
	static char *default_argv[] = { DEFAULT_COMMAND, NULL };
	const struct command *cmd;
	int next, ret;

	ret = parse_options(argc, argv, &next);
	if (ret >= 0)
		return ret;
	if (next == argc)
		return command_find(DEFAULT_COMMAND)->main(1, default_argv);

	cmd = command_find(argv[next]);
	if (!cmd) {
		cli_error("unknown command '%s'", argv[next]);
		usage(stderr);
		return EXIT_USAGE;
	}
	return cmd->main(argc - next, argv + next);
}
