// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec genkey FILE, zonesec pubkey FILE: Ed25519 keys for zonesecd's
 * pinned-key authentication, with the daemon's own key file code
 * (daemon/keyfile.c), so both tools write and read the same files.
 */
#include <string.h>

#include "cli.h"
#include "keyfile.h"

void genkey_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " genkey FILE\n"
		"\n"
		"Write a new Ed25519 private key (PKCS#8 PEM) to FILE, created\n"
		"mode 0600; an existing FILE is not overwritten.\n");
}

void pubkey_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " pubkey FILE\n"
		"\n"
		"Print the public key of the private key in FILE (PEM), for the\n"
		"peer's peer_key or a strongSwan swanctl/pubkey file.\n");
}

static int key_cmd(int argc, char **argv, void (*help)(FILE *f),
		   int (*fn)(const char *path, const char **why))
{
	const char *why = "";

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		help(stdout);
		return cli_finish_output();
	}
	if (argc != 2) {
		cli_error("%s takes one file name", argv[0]);
		help(stderr);
		return EXIT_USAGE;
	}
	if (fn(argv[1], &why)) {
		cli_error("%s: %s", argv[1], why);
		return EXIT_ERROR;
	}
	return cli_finish_output();
}

int genkey_main(int argc, char **argv)
{
	return key_cmd(argc, argv, genkey_help, zs_key_generate);
}

int pubkey_main(int argc, char **argv)
{
	return key_cmd(argc, argv, pubkey_help, zs_key_print_public);
}
