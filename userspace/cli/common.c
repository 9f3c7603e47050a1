// SPDX-License-Identifier: GPL-2.0-or-later
/* What every subcommand needs: messages, argument checks, the socket. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, PROG_NAME ": %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

/*
 * The module's extack messages come from NL_SET_ERR_MSG_MOD, which already
 * starts them with "zonesec: "; print those as they are, not prefixed twice.
 */
void cli_lib_error(const struct zs_error *err)
{
	if (!strncmp(err->msg, PROG_NAME ": ", strlen(PROG_NAME ": ")))
		fprintf(stderr, "%s\n", err->msg);
	else
		cli_error("%s", err->msg);
}

/*
 * For commands without arguments: -1 to go on, else the exit status
 * (help asked for, or a word that has no business there).
 */
int cli_check_no_args(int argc, char **argv, void (*help)(FILE *f))
{
	if (argc < 2)
		return -1;
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		help(stdout);
		return cli_finish_output();
	}
	cli_error("%s: unexpected argument '%s'", argv[0], argv[1]);
	help(stderr);
	return EXIT_USAGE;
}

/* Enter the -n namespace first: a socket stays in the one it was made in. */
int cli_open(struct zs_sock **sockp)
{
	struct zs_error err;

	if (cli.netns && zs_netns_enter(cli.netns, &err)) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (zs_sock_open(sockp, &err)) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/*
 * "WHAT show" of the objects the kernel dumps: DUMP is given the JSON
 * writer of the array under -j, NULL to print in words.
 */
int cli_show_dump(const char *what, int argc, char **argv, cli_dump_fn dump)
{
	struct zs_sock *sock;
	struct zs_error err;
	struct zs_json j;
	int ret;

	if (argc > 1) {
		cli_error("%s show: unexpected argument '%s'", what, argv[1]);
		return EXIT_USAGE;
	}
	ret = cli_open(&sock);
	if (ret)
		return ret;
	if (cli.json) {
		zs_json_init(&j, stdout);
		zs_json_array_begin(&j);
	}
	ret = dump(sock, cli.json ? &j : NULL, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (cli.json) {
		zs_json_array_end(&j);
		zs_json_end(&j);
	}
	return cli_finish_output();
}

/* A full disk or a closed pipe must not look like success. */
int cli_finish_output(void)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the output: %s",
			  errno ? strerror(errno) : "write error");
		return EXIT_ERROR;
	}
	return EXIT_OK;
}
