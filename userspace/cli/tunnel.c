// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec tunnel, zonesec reload: requests to zonesecd over its control
 * socket (not to the module): one line out, "ok" or "error: REASON" and
 * a body back.  $ZONESEC_CONTROL names the socket when the daemon's
 * config moved it.
 *
 *   zonesec [-j] tunnel [show [NAME] [-j]]
 *   zonesec tunnel up|down NAME
 *   zonesec reload
 */
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
		"\n"
		"Ask zonesecd, over its control socket (" CTL_DEFAULT ",\n"
		"or $ZONESEC_CONTROL), about its tunnels: state, SPIs, bytes and\n"
		"packets of the ESP SAs, last handshake; up negotiates now, down\n"
		"deletes the tunnel's SAs until the next up or restart.\n");
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
		if (strlen(argv[2]) > 64 || strpbrk(argv[2], " \t\n")) {
			cli_error("bad tunnel name '%s'", argv[2]);
			return EXIT_USAGE;
		}
		snprintf(req, sizeof(req), "%s %s", verb, argv[2]);
		return ctl_request(req);
	}
	if (!strcmp(verb, "add") || !strcmp(verb, "del")) {
		cli_error("tunnel %s: not yet: define tunnels in zonesec.conf "
			  "and run '" PROG_NAME " reload'", verb);
		return EXIT_ERROR;
	}
	cli_error("unknown tunnel command '%s' (show, up, down)", verb);
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
