// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket: a unix stream socket, mode 0600 in a 0700
 * directory, root only (SO_PEERCRED).  One request line per connection,
 * words separated by spaces; the answer is "ok" or "error: REASON" on the
 * first line, then the body, then the daemon closes.
 *
 *   show [NAME]        tunnels, as text
 *   show-json [NAME]   the same as JSON
 *   up NAME, down NAME
 *   reload
 *   add NAME           then lines "key = value" of its [tunnel] section,
 *                      ended by an empty line: written to a drop-in
 *   del NAME           a tunnel added so: its SAs deleted, its file gone
 */
#ifndef ZS_CTL_H
#define ZS_CTL_H

#include <stdio.h>

#include "zsd.h"

#define ZS_CTL_DEFAULT	"/run/zonesec/zonesecd.sock"

/* The listening socket, or -errno. */
int zs_ctl_open(const char *path);
void zs_ctl_close(int fd, const char *path);

/* What a request may ask of the event loop besides zsd. */
struct zs_ctl_ops {
	int (*reload)(void *arg, char *err, size_t len);
	/* 0, or -1 with a one-line reason in err: nothing changed */
	int (*add)(void *arg, const char *name, const char *lines, char *err,
		   size_t len);
	int (*del)(void *arg, const char *name, char *err, size_t len);
	void *arg;
};

/* The longest request: an add with its section. */
#define ZS_CTL_REQ_MAX	8192

/* Accepts and answers one client. */
void zs_ctl_serve(int lfd, struct zsd *d, const struct zs_ctl_ops *ops);
/* One request (its first line, and the body of an add) to out (exposed
 * for the unit tests). */
void zs_ctl_handle(struct zsd *d, const struct zs_ctl_ops *ops, char *req,
		   FILE *out);

#endif /* ZS_CTL_H */
