// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The drop-in files of `zonesec tunnel add`: one [tunnel NAME] section
 * per file, tunnels_dir/NAME.conf, written whole or not at all (a
 * temporary file, synced, then renamed: a crash leaves the old state or
 * the new one, and a hidden .tmp that the loader does not read).  Mode
 * 0600: a drop-in may hold a PSK.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"

bool zs_conf_dropin_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= ZS_TUNNEL_NAME_MAX || name[0] == '.')
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

int zs_conf_dropin_path(const char *dir, const char *name, char *out)
{
	int n = snprintf(out, PATH_MAX, "%s/%s.conf", dir, name);

	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

/*
 * Each line must be "key = value" of the section: nothing that inih
 * would read as a section header, a comment or a continuation, so the
 * file holds exactly the words the CLI sent.
 */
static const char *line_ok(const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n);

	if (p[0] == ' ')	/* inih would continue the line before */
		return "a line starting with a space";
	if (!eq || eq == p)
		return "a line without 'key = value'";
	for (const char *k = p; k < eq; k++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz_ ", *k))
			return "a key that is not lower-case letters and '_'";
	for (const char *k = p; k < p + n; k++)
		if ((unsigned char)*k < 0x20 || *k == 0x7f)
			return "a control character";
	return NULL;
}

char *zs_conf_dropin_text(const char *name, const char *lines, char *err,
			  size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!zs_conf_dropin_name_ok(name)) {
		snprintf(err, errlen, "tunnel name '%s': 1 to %d letters, "
			 "digits, '.', '_' or '-', not starting with '.'", name,
			 ZS_TUNNEL_NAME_MAX - 1);
		return NULL;
	}
	f = open_memstream(&text, &len);
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	fprintf(f, "# added by 'zonesec tunnel add'; 'zonesec tunnel del %s' "
		"removes it\n[tunnel %s]\n", name, name);
	for (const char *p = lines; *p;) {
		size_t n = strcspn(p, "\n");
		const char *why = n ? line_ok(p, n) : NULL;

		if (why) {
			snprintf(err, errlen, "tunnel add %s: %s: '%.*s'", name,
				 why, (int)(n > 64 ? 64 : n), p);
			fclose(f);
			free(text);
			return NULL;
		}
		if (n)
			fprintf(f, "%.*s\n", (int)n, p);
		p += n;
		if (*p)
			p++;
	}
	if (fclose(f)) {
		free(text);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	return text;
}

/* The directory's entry itself on disk: a rename is durable after this. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int zs_conf_dropin_write(const char *dir, const char *name, const char *text,
			 char *err, size_t errlen)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd, n;

	if (!dir[0] || zs_conf_dropin_path(dir, name, path) ||
	    (n = snprintf(tmp, sizeof(tmp), "%s/.%s.conf.tmp", dir, name)) < 0 ||
	    n >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "tunnels_dir '%s': no room for %s", dir, name);
		return -1;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "tunnels_dir %s: %s", dir, strerror(errno));
		return -1;
	}
	/* a .tmp left by a crash is ours to replace */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (write_all(fd, text, strlen(text)) || fsync(fd)) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	/* never over a file someone else put there meanwhile */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	sync_dir(dir);
	return 0;
}

int zs_conf_dropin_remove(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX], *slash;

	if (unlink(path)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		sync_dir(dir);
	}
	return 0;
}
