// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Enter a named network namespace, as `ip -n NAME` does.
 *
 * A netlink socket belongs to the namespace it was created in, and so do
 * all zonesec objects, so this has to run before zs_sock_open(). It changes
 * the namespace of the calling thread for good: meant for a CLI process.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libzonesec.h"

#define NETNS_RUN_DIR "/run/netns"

/* A name, not a path: "../x" or "a/b" would escape /run/netns. */
static bool netns_name_ok(const char *name)
{
	return name[0] && strchr(name, '/') == NULL &&
	       strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	       strlen(name) < NAME_MAX;
}

int zs_netns_enter(const char *name, struct zs_error *err)
{
	char path[sizeof(NETNS_RUN_DIR) + NAME_MAX + 1];
	int fd, ret = 0;

	if (!netns_name_ok(name))
		return zs_error_set(err, -EINVAL,
				    "invalid network namespace name '%s'", name);

	snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return zs_error_set(err, -errno,
				    "cannot open network namespace '%s': %s",
				    name, strerror(errno));

	if (setns(fd, CLONE_NEWNET) < 0)
		ret = zs_error_set(err, -errno,
				   "cannot enter network namespace '%s': %s",
				   name, strerror(errno));
	close(fd);
	return ret;
}
