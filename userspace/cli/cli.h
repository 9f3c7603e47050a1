// SPDX-License-Identifier: GPL-2.0-or-later
/* The zonesec CLI: shared declarations of the main file and subcommands. */
#ifndef ZS_CLI_H
#define ZS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "libzonesec.h"

#ifndef ZONESEC_VERSION
#define ZONESEC_VERSION "unknown"
#endif

#define PROG_NAME "zonesec"

/* Exit statuses, as zonesec(8) documents them. */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
};

/* Global options, given before the command. */
struct cli_options {
	bool json;
	const char *netns;
};

extern struct cli_options cli;

struct command {
	const char *name;
	int (*main)(int argc, char **argv);	/* argv[0] is the command */
	void (*help)(FILE *f);
	const char *summary;
};

/* zonesec.c */
const struct command *command_find(const char *name);
void usage(FILE *f);

/* common.c */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_lib_error(const struct zs_error *err);
int cli_check_no_args(int argc, char **argv, void (*help)(FILE *f));
int cli_open(struct zs_sock **sockp);
int cli_finish_output(void);

/* Dumps every object with the callback it was given, DATA passed along. */
typedef int (*cli_dump_fn)(struct zs_sock *sock, void *data,
			   struct zs_error *err);
int cli_show_dump(const char *what, int argc, char **argv, cli_dump_fn dump);

/* one file per command */
int info_main(int argc, char **argv);
void info_help(FILE *f);
int help_main(int argc, char **argv);
void help_help(FILE *f);
/* zone firewall */
int zone_main(int argc, char **argv);
void zone_help(FILE *f);
int rule_main(int argc, char **argv);
void rule_help(FILE *f);
int fw_main(int argc, char **argv);
void fw_help(FILE *f);
int sa_main(int argc, char **argv);
void sa_help(FILE *f);
int policy_main(int argc, char **argv);
void policy_help(FILE *f);
int monitor_main(int argc, char **argv);
void monitor_help(FILE *f);
/* zonesecd's control socket */
int tunnel_main(int argc, char **argv);
void tunnel_help(FILE *f);
int reload_main(int argc, char **argv);
void reload_help(FILE *f);
int genkey_main(int argc, char **argv);
void genkey_help(FILE *f);
int pubkey_main(int argc, char **argv);
void pubkey_help(FILE *f);
int stats_main(int argc, char **argv);
void stats_help(FILE *f);

/* JSON of one object, shared with monitor */
struct zs_sa;
struct zs_policy;
void sa_print_json(struct zs_json *j, const struct zs_sa *sa);
void policy_print_json(struct zs_json *j, const struct zs_policy *pol);

#endif /* ZS_CLI_H */
