// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading zonesec.conf with libinih.  inih hands us one key at a time;
 * our reader counts lines, so every error, including those found when a
 * section is checked as a whole, names its line.  Only the first error is
 * kept, and a file with an error yields nothing.
 *
 * After the main file come the drop-ins of tunnels_dir (`zonesec tunnel
 * add` writes them), in name order, each holding [tunnel] sections only;
 * they are read by the same reader, and their errors name their file.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>
#include <openssl/crypto.h>

#include "conf.h"
#include "fwparse.h"
#include "keyfile.h"

struct loader {
	struct zs_conf *c;
	unsigned int cur;		/* c->src[] being read */
	char dir[PATH_MAX];		/* relative key paths start here */
	FILE *f;			/* file, or */
	const char *text;		/* string */
	unsigned int line;
	struct zs_tunnel_conf *tun;	/* current [tunnel] section */
	bool in_global;
	bool in_fw;			/* [firewall]: lines are not key = value */
	bool dropin;			/* [tunnel] sections only */
	bool failed;
	char *err;
	size_t errlen;
};

static int new_section(struct loader *l, const char *section);

static void fw_line(struct loader *l, char *line);

/*
 * inih's line source.  Section headers are handled here, where the line
 * number is known and before inih sees them: a section with no keys is
 * still checked, and its errors point at its header.  Lines of
 * [firewall] are the rule set's words, not keys: they are parsed here
 * and inih is handed a blank line instead.
 */
static char *reader(char *str, int num, void *stream)
{
	struct loader *l = stream;
	char name[INI_MAX_LINE];
	const char *p, *end;
	size_t n = 0;

	if (l->f) {
		if (!fgets(str, num, l->f))
			return NULL;
	} else {
		if (!*l->text)
			return NULL;
		while (l->text[n] && l->text[n] != '\n' && n + 1 < (size_t)num)
			n++;
		if (l->text[n] == '\n' && n + 1 < (size_t)num)
			n++;
		memcpy(str, l->text, n);
		str[n] = '\0';
		l->text += n;
	}
	l->line++;
	for (p = str; *p == ' ' || *p == '\t'; p++)
		;
	end = *p == '[' ? strchr(p, ']') : NULL;
	if (end && (size_t)(end - p - 1) < sizeof(name)) {
		memcpy(name, p + 1, (size_t)(end - p - 1));
		name[end - p - 1] = '\0';
		new_section(l, name);
	} else if (l->in_fw) {
		fw_line(l, str);
		str[0] = '\0';
	}
	return str;
}

/* The first error, as "label:line: message" ("label: message" for the
 * text of a `tunnel add`, whose lines are the CLI's words). */
__attribute__((format(printf, 4, 5)))
static int fail_in(struct loader *l, unsigned int src, unsigned int line,
		   const char *fmt, ...)
{
	const struct zs_conf_src *s = &l->c->src[src];
	va_list ap;
	int n;

	if (l->failed)
		return 0;
	l->failed = true;
	if (s->no_line)
		n = snprintf(l->err, l->errlen, "%s: ", s->label);
	else
		n = snprintf(l->err, l->errlen, "%s:%u: ", s->label, line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < l->errlen)
		vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return 0;
}

#define fail_at(l, line, ...) fail_in(l, (l)->cur, line, __VA_ARGS__)
#define fail(l, ...) fail_at(l, (l)->line, __VA_ARGS__)

static void resolve(const struct loader *l, const char *v, char *out)
{
	int n;

	if (v[0] == '/' || !l->dir[0])
		n = snprintf(out, PATH_MAX, "%s", v);
	else
		n = snprintf(out, PATH_MAX, "%s/%s", l->dir, v);
	if (n < 0 || n >= PATH_MAX)
		out[0] = '\0';	/* fails to open, and says so */
}

static int set_psk(struct loader *l, const char *v, uint8_t *psk, size_t *len)
{
	size_t n = strlen(v);

	if (n < ZS_PSK_MIN || n > ZS_PSK_MAX)
		return fail(l, "psk: %d to %d characters", ZS_PSK_MIN, ZS_PSK_MAX);
	memcpy(psk, v, n);
	*len = n;
	return 1;
}

static int count_value(struct loader *l, const char *k, const char *v,
		       uint32_t *out);

static int global_key(struct loader *l, const char *k, const char *v)
{
	struct zs_conf *c = l->c;
	const char *why;
	char path[PATH_MAX];

	if (!strcmp(k, "kernel")) {
		if (strcmp(v, "auto") && strcmp(v, "xfrm") && strcmp(v, "zonesec") &&
		    strcmp(v, "fake"))
			return fail(l, "kernel: '%s': auto, zonesec or xfrm", v);
		snprintf(c->kernel, sizeof(c->kernel), "%s", v);
	} else if (!strcmp(k, "control")) {
		if (v[0] != '/' || strlen(v) >= sizeof(c->control))
			return fail(l, "control: '%s': an absolute path, at most %zu characters",
				    v, sizeof(c->control) - 1);
		snprintf(c->control, sizeof(c->control), "%s", v);
	} else if (!strcmp(k, "id")) {
		why = zs_conf_parse_id(v, &c->id);
		if (why)
			return fail(l, "id '%s': %s", v, why);
	} else if (!strcmp(k, "private_key")) {
		resolve(l, v, path);
		EVP_PKEY_free(c->priv);
		c->priv = zs_key_load_private(path, &why);
		if (!c->priv)
			return fail(l, "private_key %s: %s", path, why);
	} else if (!strcmp(k, "psk")) {
		return set_psk(l, v, c->psk, &c->psk_len);
	} else if (!strcmp(k, "cookie_threshold")) {
		return count_value(l, k, v, &c->cookie_threshold);
	} else if (!strcmp(k, "tunnels_dir")) {
		resolve(l, v, path);
		if (!path[0])
			return fail(l, "tunnels_dir: '%s' is too long", v);
		snprintf(c->tunnels_dir, sizeof(c->tunnels_dir), "%s", path);
	} else {
		return fail(l, "unknown key '%s' in [global]", k);
	}
	return 1;
}

static int u32_value(struct loader *l, const char *k, const char *v,
		     uint32_t *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (!*v || *end || errno || n == 0 || n > 365UL * 86400)
		return fail(l, "%s: '%s': seconds, 1 to 31536000", k, v);
	*out = (uint32_t)n;
	return 1;
}

/* seconds or a count where 0 means "never" */
static int count_value(struct loader *l, const char *k, const char *v,
		       uint32_t *out)
{
	if (!strcmp(v, "0")) {
		*out = 0;
		return 1;
	}
	return u32_value(l, k, v, out);
}

static int dpd_action_value(struct loader *l, const char *v,
			    enum zs_dpd_action *a)
{
	if (!strcmp(v, "clear"))
		*a = ZS_DPD_CLEAR;
	else if (!strcmp(v, "restart"))
		*a = ZS_DPD_RESTART;
	else
		return fail(l, "dpd_action: '%s': clear or restart", v);
	return 1;
}

static int start_value(struct loader *l, const char *v, enum zs_start *s)
{
	if (!strcmp(v, "load"))
		*s = ZS_START_LOAD;
	else if (!strcmp(v, "traffic"))
		*s = ZS_START_TRAFFIC;
	else if (!strcmp(v, "wait"))
		*s = ZS_START_WAIT;
	else
		return fail(l, "start: '%s': load, traffic or wait", v);
	return 1;
}

static int tunnel_key(struct loader *l, const char *k, const char *v)
{
	struct zs_tunnel_conf *t = l->tun;
	const char *why;
	char path[PATH_MAX];

	if (!strcmp(k, "peer")) {
		if (!zsd_addr_parse(v, &t->peer))
			return fail(l, "peer: '%s' is not an address", v);
		t->peer.port = IKE_PORT;
	} else if (!strcmp(k, "local")) {
		if (!zsd_addr_parse(v, &t->local))
			return fail(l, "local: '%s' is not an address", v);
		t->local.port = IKE_PORT;
	} else if (!strcmp(k, "peer_id")) {
		why = zs_conf_parse_id(v, &t->peer_id);
		if (why)
			return fail(l, "peer_id '%s': %s", v, why);
	} else if (!strcmp(k, "peer_key")) {
		resolve(l, v, path);
		if (zs_key_load_public(path, t->peer_key, &why))
			return fail(l, "peer_key %s: %s", path, why);
		t->auth = ZS_AUTH_PUBKEY;
	} else if (!strcmp(k, "psk")) {
		if (!set_psk(l, v, t->psk, &t->psk_len))
			return 0;
	} else if (!strcmp(k, "local_prefix") || !strcmp(k, "remote_prefix")) {
		struct zsd_prefix *p = k[0] == 'l' ? &t->local_ts : &t->remote_ts;

		if (!zsd_prefix_parse(v, p))
			return fail(l, "%s: '%s' is not a prefix", k, v);
	} else if (!strcmp(k, "ike_proposals") || !strcmp(k, "esp_proposals")) {
		bool ike = k[0] == 'i';

		why = zs_conf_parse_proposals(v, ike ? IKEV2_PROTO_IKE
						     : IKEV2_PROTO_ESP,
					      ike ? t->ike : t->esp,
					      ike ? &t->n_ike : &t->n_esp);
		if (why)
			return fail(l, "%s '%s': %s", k, v, why);
	} else if (!strcmp(k, "ike_lifetime")) {
		return u32_value(l, k, v, &t->ike_lifetime);
	} else if (!strcmp(k, "child_lifetime")) {
		return u32_value(l, k, v, &t->child_lifetime);
	} else if (!strcmp(k, "start")) {
		return start_value(l, v, &t->start);
	} else if (!strcmp(k, "rekey_time")) {
		return count_value(l, k, v, &t->rekey_time);
	} else if (!strcmp(k, "ike_rekey_time")) {
		return count_value(l, k, v, &t->ike_rekey_time);
	} else if (!strcmp(k, "dpd_delay")) {
		return count_value(l, k, v, &t->dpd_delay);
	} else if (!strcmp(k, "dpd_action")) {
		return dpd_action_value(l, v, &t->dpd_action);
	} else if (!strcmp(k, "pfs")) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return fail(l, "pfs: '%s': yes or no", v);
		t->pfs = v[0] == 'y';
	} else {
		return fail(l, "unknown key '%s' in [tunnel %s]", k, t->name);
	}
	return 1;
}

static const char default_ike[] =
	"aes128gcm16-prfsha256-x25519, aes256gcm16-prfsha256-x25519, "
	"chacha20poly1305-prfsha256-x25519, aes128gcm16-prfsha256-ecp256";
static const char default_esp[] = "aes128gcm16, aes256gcm16, chacha20poly1305";

static int new_section(struct loader *l, const char *section)
{
	struct zs_conf *c = l->c;
	struct zs_tunnel_conf *t;
	const char *name;

	l->tun = NULL;
	l->in_fw = false;
	l->in_global = false;
	if (l->failed)
		return 0;
	if (l->dropin && strncmp(section, "tunnel ", 7))
		return fail(l, "[%s] belongs in the main file: a drop-in holds "
			    "[tunnel] sections only", section);
	l->in_global = !strcmp(section, "global");
	if (l->in_global)
		return 1;
	if (!strcmp(section, "firewall")) {
		if (c->fw)
			return fail(l, "[firewall] given twice");
		c->fw = malloc(sizeof(*c->fw));
		if (!c->fw || fw_model_init(c->fw)) {
			free(c->fw);
			c->fw = NULL;
			return fail(l, "out of memory");
		}
		l->in_fw = true;
		return 1;
	}
	if (strncmp(section, "tunnel ", 7))
		return fail(l, "unknown section [%s]", section);
	name = section + 7;
	if (!*name || strlen(name) >= ZS_TUNNEL_NAME_MAX || strchr(name, ' '))
		return fail(l, "tunnel name: 1 to %d characters, no spaces",
			    ZS_TUNNEL_NAME_MAX - 1);
	t = (struct zs_tunnel_conf *)zs_conf_tunnel(c, name);
	if (t && t->src == l->cur)
		return fail(l, "tunnel %s defined twice (first on line %u)",
			    name, t->line);
	if (t)
		return fail(l, "tunnel %s defined twice (first in %s:%u)",
			    name, c->src[t->src].label, t->line);
	if (c->n_tun == ZS_CONF_MAX_TUNNELS)
		return fail(l, "more than %d tunnels", ZS_CONF_MAX_TUNNELS);
	if (c->n_tun == c->cap_tun) {
		unsigned int cap = c->cap_tun ? 2 * c->cap_tun : 8;

		t = realloc(c->tun, cap * sizeof(*t));
		if (!t)
			return fail(l, "out of memory");
		c->tun = t;
		c->cap_tun = cap;
	}
	t = &c->tun[c->n_tun++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->line = l->line;
	t->src = l->cur;
	t->ike_lifetime = 14400;
	t->child_lifetime = 3600;
	t->rekey_time = ZS_CONF_UNSET;
	t->ike_rekey_time = ZS_CONF_UNSET;
	t->dpd_delay = 30;
	t->dpd_action = ZS_DPD_UNSET;
	zs_conf_parse_proposals(default_ike, IKEV2_PROTO_IKE, t->ike, &t->n_ike);
	zs_conf_parse_proposals(default_esp, IKEV2_PROTO_ESP, t->esp, &t->n_esp);
	l->tun = t;
	return 1;
}

/* One line of [firewall]: "zone ..." or "rule ...", or a comment. */
static void fw_line(struct loader *l, char *line)
{
	char err[FW_ERR_MAX];

	if (l->failed)
		return;
	/* inih's comment character is ours too: ';' starts one as well */
	line[strcspn(line, ";")] = '\0';
	if (fw_model_parse_line(l->c->fw, l->line, line, err))
		fail(l, "[firewall]: %s", err);
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	struct loader *l = user;

	(void)section;	/* the reader opened it */
	if (l->failed)
		return 0;
	if (!l->in_global && !l->tun)
		return fail(l, "'%s' outside a section", name);
	return l->in_global ? global_key(l, name, value)
			    : tunnel_key(l, name, value);
}

/* Whole-section rules, checked once the file is read. */
static int check_tunnel(struct loader *l, struct zs_tunnel_conf *t)
{
	const struct zs_conf *c = l->c;

	if (!t->peer.family)
		return fail_in(l, t->src, t->line, "tunnel %s: no peer address", t->name);
	if (t->local.family && t->local.family != t->peer.family)
		return fail_in(l, t->src, t->line, "tunnel %s: local and peer differ in family", t->name);
	if (!t->peer_id.type)
		return fail_in(l, t->src, t->line, "tunnel %s: no peer_id", t->name);
	if (!t->local_ts.a.family || !t->remote_ts.a.family)
		return fail_in(l, t->src, t->line, "tunnel %s: local_prefix and remote_prefix are required", t->name);
	if (t->local_ts.a.family != t->remote_ts.a.family)
		return fail_in(l, t->src, t->line, "tunnel %s: local_prefix and remote_prefix differ in family", t->name);
	/* rekey before the kernel's soft lifetime (90%) would ask for it */
	if (t->rekey_time == ZS_CONF_UNSET)
		t->rekey_time = t->child_lifetime / 10 * 8;
	if (t->ike_rekey_time == ZS_CONF_UNSET)
		t->ike_rekey_time = t->ike_lifetime / 10 * 9;
	if (t->rekey_time >= t->child_lifetime)
		return fail_in(l, t->src, t->line, "tunnel %s: rekey_time must be below child_lifetime", t->name);
	if (t->dpd_action == ZS_DPD_UNSET)
		t->dpd_action = t->start == ZS_START_LOAD ? ZS_DPD_RESTART
							  : ZS_DPD_CLEAR;
	if (t->auth == ZS_AUTH_PUBKEY) {
		if (t->psk_len)
			return fail_in(l, t->src, t->line, "tunnel %s: psk and peer_key both set", t->name);
		if (!c->priv)
			return fail_in(l, t->src, t->line, "tunnel %s: peer_key needs private_key in [global]", t->name);
		return 1;
	}
	if (!t->psk_len && c->psk_len) {
		memcpy(t->psk, c->psk, c->psk_len);
		t->psk_len = c->psk_len;
	}
	if (!t->psk_len)
		return fail_in(l, t->src, t->line, "tunnel %s: neither psk nor peer_key", t->name);
	t->auth = ZS_AUTH_PSK;
	return 1;
}

static int finish(struct loader *l)
{
	struct zs_conf *c = l->c;

	if (l->failed)
		return 0;
	if (!c->id.type)
		return fail_in(l, 0, 1, "[global] has no id");
	if (!c->kernel[0])
		snprintf(c->kernel, sizeof(c->kernel), "auto");
	if (!c->control[0])
		snprintf(c->control, sizeof(c->control), "%s",
			 "/run/zonesec/zonesecd.sock");
	for (unsigned int i = 0; i < c->n_tun; i++)
		if (!check_tunnel(l, &c->tun[i]))
			return 0;
	return 1;
}

/* A source of sections, its index in c->src; -1 when out of memory. */
static int add_src(struct loader *l, const char *label, const char *path,
		   bool no_line)
{
	struct zs_conf *c = l->c;
	struct zs_conf_src *s = realloc(c->src, (c->n_src + 1) * sizeof(*s));

	if (!s)
		return -1;
	c->src = s;
	s = &c->src[c->n_src];
	s->label = strdup(label);
	s->path = path ? strdup(path) : NULL;
	s->no_line = no_line;
	if (!s->label || (path && !s->path)) {
		free(s->label);
		free(s->path);
		return -1;
	}
	return (int)c->n_src++;
}

/* Reads one source, file f or text, through inih; 0 on any error. */
static int parse(struct loader *l, unsigned int src, FILE *f,
		 const char *text)
{
	int rc;

	l->cur = src;
	l->f = f;
	l->text = text;
	l->line = 0;
	l->tun = NULL;
	l->in_global = l->in_fw = false;
	rc = ini_parse_stream(reader, l, handler, l);
	if (rc == -1)
		return fail_at(l, 0, "%s", strerror(errno));
	if (rc > 0)
		fail_at(l, (unsigned int)rc, "syntax error");
	return !l->failed;
}

static int parse_file(struct loader *l, const char *path, const char *label)
{
	char tmp[PATH_MAX];
	FILE *f;
	int src, ok;

	src = add_src(l, label, path, false);
	if (src < 0) {
		snprintf(l->err, l->errlen, "%s: out of memory", path);
		l->failed = true;
		return 0;
	}
	f = fopen(path, "re");
	if (!f) {
		snprintf(l->err, l->errlen, "%s: %s", path, strerror(errno));
		l->failed = true;
		return 0;
	}
	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(l->dir, sizeof(l->dir), "%s", dirname(tmp));
	ok = parse(l, (unsigned int)src, f, NULL);
	fclose(f);
	return ok;
}

/* Drop-ins: NAME.conf, not hidden (a write in progress is .NAME.conf.tmp). */
static int dropin_filter(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 5 &&
	       !strcmp(e->d_name + n - 5, ".conf");
}

static int parse_dropins(struct loader *l, const struct zs_conf_extra *x)
{
	const char *dir = l->c->tunnels_dir;
	struct dirent **ents;
	char path[PATH_MAX];
	int n, ok = 1;

	if (!dir[0])
		return 1;
	n = scandir(dir, &ents, dropin_filter, alphasort);
	if (n < 0) {
		if (errno == ENOENT)	/* nothing added yet */
			return 1;
		snprintf(l->err, l->errlen, "tunnels_dir %s: %s", dir,
			 strerror(errno));
		l->failed = true;
		return 0;
	}
	l->dropin = true;
	for (int i = 0; i < n; i++) {
		if (ok && snprintf(path, sizeof(path), "%s/%s", dir,
				   ents[i]->d_name) < (int)sizeof(path) &&
		    !(x && x->skip && !strcmp(x->skip, path)))
			ok = parse_file(l, path, path);
		free(ents[i]);
	}
	free(ents);
	return ok;
}

/* The text of a `tunnel add`, read after the drop-ins as if it were one. */
static int parse_extra(struct loader *l, const struct zs_conf_extra *x)
{
	int src;

	if (!x || !x->text)
		return 1;
	src = add_src(l, x->label ? x->label : "tunnel add", x->path, true);
	if (src < 0) {
		snprintf(l->err, l->errlen, "out of memory");
		l->failed = true;
		return 0;
	}
	l->dropin = true;
	/* relative paths (peer_key) start where the file will be */
	snprintf(l->dir, sizeof(l->dir), "%s", l->c->tunnels_dir);
	return parse(l, (unsigned int)src, NULL, x->text);
}

static struct zs_conf *conf_new(void)
{
	struct zs_conf *c = calloc(1, sizeof(*c));

	if (c)
		c->cookie_threshold = ZS_COOKIE_THRESHOLD;
	return c;
}

int zs_conf_load_extra(const char *path, const struct zs_conf_extra *x,
		       struct zs_conf **out, char *err, size_t errlen)
{
	struct loader l = { .err = err, .errlen = errlen };
	char tmp[PATH_MAX];

	err[0] = '\0';
	l.c = conf_new();
	if (!l.c) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (parse_file(&l, path, path) && !l.c->tunnels_dir[0]) {
		/* by default, tunnels.d next to the main file */
		snprintf(tmp, sizeof(tmp), "%s", path);
		if (snprintf(l.c->tunnels_dir, sizeof(l.c->tunnels_dir),
			     "%s/tunnels.d", dirname(tmp)) >= PATH_MAX)
			l.c->tunnels_dir[0] = '\0';
	}
	if (l.failed || !parse_dropins(&l, x) ||
	    !parse_extra(&l, x) || !finish(&l)) {
		if (!err[0])
			snprintf(err, errlen, "%s: cannot load", path);
		zs_conf_free(l.c);
		return -1;
	}
	*out = l.c;
	return 0;
}

int zs_conf_load(const char *path, struct zs_conf **out, char *err,
		 size_t errlen)
{
	return zs_conf_load_extra(path, NULL, out, err, errlen);
}

/* A string has no directory: drop-ins only with an absolute tunnels_dir. */
int zs_conf_load_string(const char *name, const char *text,
			struct zs_conf **out, char *err, size_t errlen)
{
	struct loader l = { .err = err, .errlen = errlen };
	int src;

	err[0] = '\0';
	l.c = conf_new();
	src = l.c ? add_src(&l, name, NULL, false) : -1;
	if (src < 0) {
		snprintf(err, errlen, "%s: out of memory", name);
		zs_conf_free(l.c);
		return -1;
	}
	if (!parse(&l, (unsigned int)src, NULL, text) ||
	    !parse_dropins(&l, NULL) || !finish(&l)) {
		zs_conf_free(l.c);
		return -1;
	}
	*out = l.c;
	return 0;
}

const struct zs_tunnel_conf *zs_conf_tunnel(const struct zs_conf *c,
					    const char *name)
{
	for (unsigned int i = 0; i < c->n_tun; i++)
		if (!strcmp(c->tun[i].name, name))
			return &c->tun[i];
	return NULL;
}

void zs_conf_free(struct zs_conf *c)
{
	if (!c)
		return;
	EVP_PKEY_free(c->priv);
	if (c->fw)
		fw_model_free(c->fw);
	free(c->fw);
	if (c->tun)	/* PSKs */
		OPENSSL_cleanse(c->tun, c->cap_tun * sizeof(*c->tun));
	free(c->tun);
	for (unsigned int i = 0; i < c->n_src; i++) {
		free(c->src[i].label);
		free(c->src[i].path);
	}
	free(c->src);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}
