// SPDX-License-Identifier: GPL-2.0-or-later
/* zonesec help [COMMAND] */
#include <string.h>

#include "cli.h"

void help_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " help [COMMAND]\n"
		"\n"
		"Show the help of COMMAND, or the general usage without one.\n");
}

int help_main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc > 2) {
		cli_error("help: unexpected argument '%s'", argv[2]);
		help_help(stderr);
		return EXIT_USAGE;
	}
	if (argc < 2) {
		usage(stdout);
		return cli_finish_output();
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		argv[1] = "help";
	cmd = command_find(argv[1]);
	if (!cmd) {
		cli_error("help: unknown command '%s'", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd->help(stdout);
	return cli_finish_output();
}
