// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec tunnel, zonesec reload: requests to zonesecd over its control
 * socket (not to the module): one line out, "ok" or "error: REASON" and
 * a body back.  $ZONESEC_CONTROL names the socket when the daemon's
 * config moved it.
 *
 *   zonesec [-j] tunnel [show [NAME] [-j]]
 *   zonesec tunnel up|down NAME
 *   zonesec tunnel add NAME KEY VALUE...    (the keys of a [tunnel] section)
 *   zonesec tunnel del NAME
 *   zonesec reload
 *
 * add sends its words as the section's lines; the daemon checks them as
 * it checks the file, and writes them to a drop-in only if they load.
 */
#include <limits.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli.h"

#define CTL_DEFAULT "/run/zonesec/zonesecd.sock"

void tunnel_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] tunnel [show [NAME] [-j]]\n"
		"       " PROG_NAME " tunnel up|down NAME\n"
		"       " PROG_NAME " tunnel add NAME peer ADDR peer_id ID\n"
		"               (psk SECRET|-  |  peer_key FILE)\n"
		"               local_prefix PREFIX remote_prefix PREFIX\n"
		"               [local ADDR] [ike_proposals LIST] [esp_proposals LIST]\n"
		"               [ike_lifetime S] [child_lifetime S] [rekey_time S]\n"
		"               [ike_rekey_time S] [dpd_delay S] [dpd_action clear|restart]\n"
		"               [start load|traffic|wait]\n"
		"       " PROG_NAME " tunnel del NAME\n"
		"\n"
		"Ask zonesecd, over its control socket (" CTL_DEFAULT ",\n"
		"or $ZONESEC_CONTROL), about its tunnels: state, SPIs, bytes and\n"
		"packets of the ESP SAs, last handshake; up negotiates now, down\n"
		"deletes the tunnel's SAs until the next up or restart.\n"
		"add takes the keys of a [tunnel] section of zonesec.conf(5), each\n"
		"followed by its value (quote values with spaces; psk - reads the\n"
		"secret from standard input); zonesecd checks them as it checks the\n"
		"file and keeps the tunnel in a drop-in file (tunnels_dir), so it\n"
		"survives reload and restart. del deletes the tunnel's SAs and\n"
		"policies and removes that file.\n");
}

void reload_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " reload\n"
		"\n"
		"Make zonesecd read its configuration again. A file with an error\n"
		"is refused whole, with file and line, and nothing changes.\n");
}

static int ctl_connect(const char **pathp)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = getenv("ZONESEC_CONTROL");
	int fd;

	if (!path || !*path)
		path = CTL_DEFAULT;
	*pathp = path;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Sends the request, prints the body; the exit status. */
static int ctl_request(const char *req)
{
	char buf[4096], *nl;
	const char *path;
	size_t len = 0;
	bool first = true;
	ssize_t n;
	int fd = ctl_connect(&path);

	if (fd < 0) {
		cli_error("cannot reach zonesecd at %s: %s (is it running?)",
			  path, strerror(errno));
		return EXIT_ERROR;
	}
	if (write(fd, req, strlen(req)) < 0 || write(fd, "\n", 1) < 0) {
		cli_error("cannot talk to zonesecd: %s", strerror(errno));
		close(fd);
		return EXIT_ERROR;
	}
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)n;
		buf[len] = '\0';
		if (first) {
			nl = strchr(buf, '\n');
			if (!nl && len < sizeof(buf) - 1)
				continue;
			if (nl)
				*nl = '\0';
			if (strcmp(buf, "ok")) {
				cli_error("%s", strncmp(buf, "error: ", 7) ?
					  buf : buf + 7);
				close(fd);
				return EXIT_ERROR;
			}
			first = false;
			len -= nl ? (size_t)(nl + 1 - buf) : len;
			memmove(buf, nl ? nl + 1 : buf, len);
		}
		fwrite(buf, 1, len, stdout);
		len = 0;
	}
	close(fd);
	if (first) {
		cli_error("zonesecd closed the connection without an answer");
		return EXIT_ERROR;
	}
	return cli_finish_output();
}

static bool bad_name(const char *name)
{
	if (strlen(name) > 64 || !*name || strpbrk(name, " \t\n")) {
		cli_error("bad tunnel name '%s'", name);
		return true;
	}
	return false;
}

/* psk -: the secret is the first line of standard input (not in argv,
 * where ps shows it). */
static char *read_secret(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);

	if (n <= 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

/*
 * One "key = value" line of the section.  A key file is named by its
 * full path: the daemon runs elsewhere.  Values are the daemon's to
 * check, except that a line stays one line.
 */
static int add_word(FILE *f, const char *key, const char *value)
{
	char path[PATH_MAX], *secret = NULL;
	int ret = 0;

	if (!*key || strspn(key, "abcdefghijklmnopqrstuvwxyz_") != strlen(key)) {
		cli_error("tunnel add: '%s' is not a key of a [tunnel] section", key);
		return EXIT_USAGE;
	}
	if (!strcmp(key, "psk") && !strcmp(value, "-")) {
		secret = read_secret();
		if (!secret) {
			cli_error("tunnel add: psk -: nothing on standard input");
			return EXIT_USAGE;
		}
		value = secret;
	} else if (!strcmp(key, "peer_key")) {
		if (!realpath(value, path)) {
			cli_error("tunnel add: peer_key '%s': %s", value,
				  strerror(errno));
			return EXIT_ERROR;
		}
		value = path;
	}
	if (strpbrk(value, "\n\r")) {
		cli_error("tunnel add: %s: a value is one line", key);
		ret = EXIT_USAGE;
	} else {
		fprintf(f, "%s = %s\n", key, value);
	}
	if (secret) {
		memset(secret, 0, strlen(secret));
		free(secret);
	}
	return ret;
}

/* add NAME KEY VALUE...: argv[0] is the name */
static int tunnel_add(int argc, char **argv)
{
	char *req = NULL;
	size_t len = 0;
	FILE *f;
	int ret = 0;

	if (argc < 1) {
		cli_error("tunnel add takes a name, then keys and values");
		return EXIT_USAGE;
	}
	if (bad_name(argv[0]))
		return EXIT_USAGE;
	if (argc % 2 == 0) {
		cli_error("tunnel add: '%s' has no value", argv[argc - 1]);
		return EXIT_USAGE;
	}
	f = open_memstream(&req, &len);
	if (!f) {
		cli_error("out of memory");
		return EXIT_ERROR;
	}
	fprintf(f, "add %s\n", argv[0]);
	for (int i = 1; i + 1 < argc && !ret; i += 2)
		ret = add_word(f, argv[i], argv[i + 1]);
	fclose(f);
	/* ctl_request ends the section with the empty line */
	if (!ret && len >= 8192) {
		cli_error("tunnel add: too many words");
		ret = EXIT_USAGE;
	}
	if (!ret)
		ret = ctl_request(req);
	if (req) {
		memset(req, 0, len);	/* a PSK */
		free(req);
	}
	return ret;
}

int tunnel_main(int argc, char **argv)
{
	char req[256];
	const char *verb = argc > 1 ? argv[1] : "show";
	const char *name = NULL;
	bool json = cli.json;

	if (!strcmp(verb, "show") || !strcmp(verb, "list")) {
		for (int i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
				json = true;
			else if (!name)
				name = argv[i];
			else {
				cli_error("unexpected '%s'", argv[i]);
				return EXIT_USAGE;
			}
		}
		snprintf(req, sizeof(req), "%s%s%s", json ? "show-json" : "show",
			 name ? " " : "", name ? name : "");
		return ctl_request(req);
	}
	if (!strcmp(verb, "up") || !strcmp(verb, "down")) {
		if (argc != 3) {
			cli_error("tunnel %s takes one tunnel name", verb);
			return EXIT_USAGE;
		}
		if (bad_name(argv[2]))
			return EXIT_USAGE;
		snprintf(req, sizeof(req), "%s %s", verb, argv[2]);
		return ctl_request(req);
	}
	if (!strcmp(verb, "add"))
		return tunnel_add(argc - 2, argv + 2);
	if (!strcmp(verb, "del")) {
		if (argc != 3) {
			cli_error("tunnel del takes one tunnel name");
			return EXIT_USAGE;
		}
		if (bad_name(argv[2]))
			return EXIT_USAGE;
		snprintf(req, sizeof(req), "del %s", argv[2]);
		return ctl_request(req);
	}
	cli_error("unknown tunnel command '%s' (show, up, down, add, del)", verb);
	return EXIT_USAGE;
}

int reload_main(int argc, char **argv)
{
	int ret = cli_check_no_args(argc, argv, reload_help);

	if (ret >= 0)	/* -h, or an argument it refused */
		return ret;
	ret = ctl_request("reload");
	if (!ret)
		printf("zonesecd reloaded its configuration\n");
	return ret;
}
