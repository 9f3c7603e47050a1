// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the control socket's requests do: show the tunnels (text or
 * JSON), take one up or down, reload the configuration, add a tunnel or
 * delete one (the daemon's event loop does the files: ops).
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "ike_sa.h"
#include "libzonesec.h"

static const char *tunnel_state(struct zsd *d, const struct zs_tunnel_conf *tc,
				const struct zs_ike *ike)
{
	const struct zsd_tunnel *t = zsd_tunnel_find(d, tc->name);

	if (ike)
		return ike->state == IKE_S_ESTABLISHED && zs_child_live(&ike->child) ?
		       "established" : "connecting";
	if (t && t->admin_down)
		return "down";
	if (t && t->init_waiting)
		return "waiting to initiate";
	if (t && t->trapped)
		return "waiting for traffic";
	return tc->start == ZS_START_WAIT ? "waiting for the peer" : "idle";
}

struct sa_view {
	uint32_t spi;
	struct kernel_sa_stats st;
	bool has_stats;
};

static void sa_view(struct zsd *d, const struct zs_ike *ike, bool in,
		    struct sa_view *v)
{
	struct zs_sa_id id = {
		.src = in ? ike->remote : ike->local,
		.dst = in ? ike->local : ike->remote,
		.spi = in ? ike->child.spi_in : ike->child.spi_out,
	};

	memset(v, 0, sizeof(*v));
	v->spi = id.spi;
	v->has_stats = d->kops->sa_stats &&
		       !d->kops->sa_stats(d->kctx, &id, &v->st);
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void show_text(struct zsd *d, const struct zs_tunnel_conf *tc,
		      FILE *out)
{
	const struct zs_ike *ike = zsd_tunnel_ike(d, tc->name);
	const struct zsd_tunnel *t = zsd_tunnel_find(d, tc->name);
	char a[ZSD_ADDR_STRLEN], b[ZSD_ADDR_STRLEN], c[ZSD_ADDR_STRLEN];
	char s[2 * IKE_SPI_LEN + 1];

	fprintf(out, "tunnel %s: %s\n", tc->name, tunnel_state(d, tc, ike));
	fprintf(out, "  peer %s  %s/%u === %s/%u\n", zsd_addr_str(&tc->peer, a),
		zsd_addr_str(&tc->local_ts.a, b), tc->local_ts.plen,
		zsd_addr_str(&tc->remote_ts.a, c), tc->remote_ts.plen);
	if (ike) {
		hex(s, ike->initiator ? ike->spi_i : ike->spi_r, IKE_SPI_LEN);
		fprintf(out, "  IKE SA: %s, our SPI %s\n",
			ike->initiator ? "initiator" : "responder", s);
	}
	if (ike && zs_child_live(&ike->child)) {
		struct sa_view in, o;

		sa_view(d, ike, true, &in);
		sa_view(d, ike, false, &o);
		fprintf(out, "  ESP in  spi 0x%08x  %" PRIu64 " bytes, %"
			PRIu64 " packets\n", in.spi, in.st.bytes, in.st.packets);
		fprintf(out, "  ESP out spi 0x%08x  %" PRIu64 " bytes, %"
			PRIu64 " packets\n", o.spi, o.st.bytes, o.st.packets);
	}
	if (t && t->last_up)
		fprintf(out, "  last handshake: %" PRId64 " s ago\n",
			(int64_t)time(NULL) - t->last_up);
}

static void json_sa(struct zs_json *j, const char *key, const struct sa_view *v)
{
	zs_json_key(j, key);
	zs_json_object_begin(j);
	zs_json_kv_u64(j, "spi", v->spi);
	if (v->has_stats) {
		zs_json_kv_u64(j, "bytes", v->st.bytes);
		zs_json_kv_u64(j, "packets", v->st.packets);
	}
	zs_json_object_end(j);
}

static void show_json(struct zsd *d, const struct zs_tunnel_conf *tc,
		      struct zs_json *j)
{
	const struct zs_ike *ike = zsd_tunnel_ike(d, tc->name);
	const struct zsd_tunnel *t = zsd_tunnel_find(d, tc->name);
	char a[ZSD_ADDR_STRLEN], s[2 * IKE_SPI_LEN + 1];

	zs_json_object_begin(j);
	zs_json_kv_string(j, "name", tc->name);
	zs_json_kv_string(j, "state", tunnel_state(d, tc, ike));
	zs_json_kv_string(j, "peer", zsd_addr_str(&tc->peer, a));
	if (ike) {
		hex(s, ike->initiator ? ike->spi_i : ike->spi_r, IKE_SPI_LEN);
		zs_json_kv_string(j, "ike_spi", s);
		zs_json_kv_string(j, "role",
				  ike->initiator ? "initiator" : "responder");
	}
	if (ike && zs_child_live(&ike->child)) {
		struct sa_view v;

		sa_view(d, ike, true, &v);
		json_sa(j, "sa_in", &v);
		sa_view(d, ike, false, &v);
		json_sa(j, "sa_out", &v);
	}
	zs_json_key(j, "last_handshake");
	if (t && t->last_up)
		zs_json_i64(j, t->last_up);
	else
		zs_json_null(j);
	zs_json_object_end(j);
}

static const struct zs_tunnel_conf *find(struct zsd *d, const char *name)
{
	return zs_conf_tunnel(d->conf, name);
}

/* add NAME, then its lines; del NAME */
static void add_del(struct zsd *d, const struct zs_ctl_ops *ops,
		    const char *cmd, const char *name, const char *lines,
		    FILE *out)
{
	char err[ZS_CONF_ERR_MAX + PATH_MAX];
	bool add = cmd[0] == 'a';

	if (!name) {
		fprintf(out, "error: %s needs a tunnel name\n", cmd);
		return;
	}
	if (add && find(d, name)) {
		fprintf(out, "error: tunnel '%s' exists (del it first)\n", name);
		return;
	}
	if (!add && !find(d, name)) {
		fprintf(out, "error: no tunnel '%s'\n", name);
		return;
	}
	if (add ? !ops->add : !ops->del) {
		fprintf(out, "error: %s: not here\n", cmd);
		return;
	}
	err[0] = '\0';
	if (add ? ops->add(ops->arg, name, lines, err, sizeof(err))
		: ops->del(ops->arg, name, err, sizeof(err))) {
		/* one line, whatever the reason */
		err[strcspn(err, "\n")] = '\0';
		fprintf(out, "error: %s\n", err[0] ? err : "refused");
		return;
	}
	fprintf(out, "ok\n");
}

static void show(struct zsd *d, const char *name, bool json, FILE *out)
{
	struct zs_json j;

	if (name && !find(d, name)) {
		fprintf(out, "error: no tunnel '%s'\n", name);
		return;
	}
	fprintf(out, "ok\n");
	if (json) {
		zs_json_init(&j, out);
		zs_json_array_begin(&j);
	}
	for (unsigned int i = 0; i < d->conf->n_tun; i++) {
		const struct zs_tunnel_conf *tc = &d->conf->tun[i];

		if (name && strcmp(name, tc->name))
			continue;
		if (json)
			show_json(d, tc, &j);
		else
			show_text(d, tc, out);
	}
	if (json) {
		zs_json_array_end(&j);
		zs_json_end(&j);
	}
}

void zs_ctl_handle(struct zsd *d, const struct zs_ctl_ops *ops, char *req,
		   FILE *out)
{
	char *lines = req + strcspn(req, "\n");
	char *save = NULL, *cmd, *arg;
	char err[ZS_CONF_ERR_MAX + PATH_MAX];

	/* the first line is the request; an add's section follows */
	if (*lines) {
		*lines++ = '\0';
		/* up to the empty line that ends it */
		for (char *p = lines; *p; p++)
			if (p[0] == '\n' && p[1] == '\n') {
				p[1] = '\0';
				break;
			}
	}
	cmd = strtok_r(req, " \t", &save);
	arg = strtok_r(NULL, " \t", &save);
	if (!cmd) {
		fprintf(out, "error: empty request\n");
	} else if (strtok_r(NULL, " \t", &save)) {
		fprintf(out, "error: too many words\n");
	} else if (!strcmp(cmd, "show") || !strcmp(cmd, "show-json")) {
		show(d, arg, cmd[4] == '-', out);
	} else if (!strcmp(cmd, "up") || !strcmp(cmd, "down")) {
		if (!arg)
			fprintf(out, "error: %s needs a tunnel name\n", cmd);
		else if (!find(d, arg))
			fprintf(out, "error: no tunnel '%s'\n", arg);
		else if (cmd[0] == 'u' ? zsd_tunnel_up(d, arg)
				       : zsd_tunnel_down(d, arg))
			fprintf(out, "error: %s: cannot %s it (see the log)\n",
				arg, cmd);
		else
			fprintf(out, "ok\n");
	} else if (!strcmp(cmd, "add") || !strcmp(cmd, "del")) {
		add_del(d, ops, cmd, arg, lines, out);
	} else if (!strcmp(cmd, "stats") && !arg) {
		zsd_stats_json(d, out);
	} else if (!strcmp(cmd, "reload") && !arg) {
		if (ops->reload(ops->arg, err, sizeof(err)))
			fprintf(out, "error: %s\n", err);
		else
			fprintf(out, "ok\n");
	} else {
		fprintf(out, "error: unknown request '%s'\n", cmd);
	}
}
