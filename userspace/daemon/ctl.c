// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket's transport: where it lives, who may talk to it,
 * one request per connection.  What the requests do is in ctl_cmd.c.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"
#include "log.h"

int zs_ctl_open(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char dir[PATH_MAX];
	int fd, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%s", path);
	/* its directory is ours: root only */
	if (mkdir(dirname(dir), 0700) && errno != EEXIST)
		return -errno;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* a stale socket of a daemon that died; a live one answers */
	if (!connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		close(fd);
		return -EADDRINUSE;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    chmod(path, 0600) || listen(fd, 8)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

void zs_ctl_close(int fd, const char *path)
{
	if (fd < 0)
		return;
	close(fd);
	unlink(path);
}

/*
 * The request, read with a short timeout: a client that says nothing
 * does not hold the daemon.  One line, or for an add, lines up to an
 * empty one (or the client's end of writing).
 */
static bool complete(const char *buf, size_t n)
{
	const char *nl = memchr(buf, '\n', n);

	if (!nl)
		return false;
	if (strncmp(buf, "add ", 4))
		return true;
	return memmem(buf, n, "\n\n", 2) != NULL;
}

static int read_request(int fd, char *buf, size_t cap)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t n = 0;

	while (n + 1 < cap) {
		ssize_t r;

		if (poll(&p, 1, 1000) <= 0)
			return -1;
		r = read(fd, buf + n, cap - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		if (complete(buf, n))
			break;
	}
	buf[n] = '\0';
	return n ? 0 : -1;
}

static void write_all(int fd, const char *p, size_t len)
{
	struct pollfd pf = { .fd = fd, .events = POLLOUT };

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EAGAIN && poll(&pf, 1, 1000) > 0)
			continue;
		if (w <= 0)
			return;
		p += w;
		len -= (size_t)w;
	}
}

void zs_ctl_serve(int lfd, struct zsd *d, const struct zs_ctl_ops *ops)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	char req[ZS_CTL_REQ_MAX], *body = NULL;
	size_t body_len = 0;
	FILE *out;
	int fd;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) ||
	    cred.uid != 0) {
		write_all(fd, "error: root only\n", 17);
		close(fd);
		return;
	}
	if (read_request(fd, req, sizeof(req))) {
		close(fd);
		return;
	}
	out = open_memstream(&body, &body_len);
	if (!out) {
		close(fd);
		return;
	}
	zs_ctl_handle(d, ops, req, out);
	fclose(out);
	write_all(fd, body, body_len);
	free(body);
	close(fd);
}
