// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The zonesec module backend: SAs and policies through libzonesec, and
 * the module's events (ACQUIRE, EXPIRE) on a second socket that only
 * listens, so that events never interleave with the replies of requests.
 *
 * Policies are counted here: a tunnel that starts on traffic holds its
 * outbound policy from the start (a "trap": with no SA yet, the module
 * drops the packet and sends ACQUIRE), and the child SA installed later
 * asks for the same policy again.  The module keeps one policy; the
 * last holder to let go removes it, so traffic never leaves in clear
 * between the trap and the child.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/zonesec.h>
#include <openssl/crypto.h>

#include "ikev2.h"
#include "ipsec.h"
#include "kernel.h"
#include "log.h"

struct held_policy {
	struct zs_policy_params p;
	unsigned int refs;
};

struct zsk {
	struct zs_sock *req, *ev;
	struct held_policy *pol;
	size_t n_pol, cap_pol;
};

bool kernel_zonesec_present(void)
{
	struct zs_sock *s;
	struct zs_error err;

	if (zs_sock_open(&s, &err))
		return false;
	zs_sock_close(s);
	return true;
}

static int zsk_open(void **ctx)
{
	struct zsk *k = calloc(1, sizeof(*k));
	struct zs_error err;
	int ret;

	if (!k)
		return -ENOMEM;
	ret = zs_sock_open(&k->req, &err);
	if (!ret)
		ret = zs_sock_open(&k->ev, &err);
	if (!ret)
		ret = zs_events_join(k->ev, &err);
	if (ret) {
		log_err("zonesec module: %s", err.msg);
		zs_sock_close(k->req);
		zs_sock_close(k->ev);
		free(k);
		return ret == -ZS_ERR_NOFAMILY ? -ENOENT : ret;
	}
	*ctx = k;
	return 0;
}

static void zsk_close(void *ctx)
{
	struct zsk *k = ctx;

	zs_sock_close(k->req);
	zs_sock_close(k->ev);
	free(k->pol);
	free(k);
}

static void to_lib(struct zs_addr *out, const struct zsd_addr *a)
{
	memset(out, 0, sizeof(*out));
	if (!a->family)
		return;
	out->af = a->family == AF_INET6 ? ZONESEC_AF_IPV6 : ZONESEC_AF_IPV4;
	memcpy(out->bytes, a->ip, zsd_addr_len(a));
}

static void from_lib(struct zsd_addr *out, const struct zs_addr *a)
{
	memset(out, 0, sizeof(*out));
	out->family = a->af == ZONESEC_AF_IPV6 ? AF_INET6 : AF_INET;
	memcpy(out->ip, a->bytes, zsd_addr_len(out));
}

static int fail(const char *what, const struct zs_error *err, int ret)
{
	log_warn("zonesec module: %s: %s", what, err->msg);
	return ret == -ZS_ERR_NOFAMILY ? -ENOENT : ret;
}

static int zsk_sa_add(void *ctx, const struct zs_sa_params *p)
{
	struct zsk *k = ctx;
	struct zs_error err;
	struct zs_sa sa;
	const char *alg;
	int ret;

	switch (p->encr_id) {
	case IKEV2_ENCR_AES_GCM_16:
		alg = "rfc4106(gcm(aes))";
		break;
	case IKEV2_ENCR_CHACHA20_POLY1305:
		alg = "rfc7539esp(chacha20,poly1305)";
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (p->key_len > sizeof(sa.aead.key))
		return -EINVAL;
	memset(&sa, 0, sizeof(sa));
	sa.spi = p->spi;
	sa.proto = ZONESEC_PROTO_ESP;
	sa.mode = p->tunnel ? ZONESEC_MODE_TUNNEL : ZONESEC_MODE_TRANSPORT;
	sa.reqid = p->reqid;
	to_lib(&sa.src, &p->src);
	to_lib(&sa.dst, &p->dst);
	/* inbound: as wide as XFRM's default that strongSwan sets */
	sa.replay_window = 128;
	sa.aead.set = true;
	snprintf(sa.aead.name, sizeof(sa.aead.name), "%s", alg);
	memcpy(sa.aead.key, p->key, p->key_len);
	sa.aead.keylen = p->key_len;
	sa.aead.bits = IKEV2_AEAD_ICV_LEN * 8;
	sa.life[ZONESEC_A_LIFETIME_ADD_SOFT - ZONESEC_A_LIFETIME_BYTES_SOFT] =
		p->soft_s;
	sa.life[ZONESEC_A_LIFETIME_ADD_HARD - ZONESEC_A_LIFETIME_BYTES_SOFT] =
		p->hard_s;
	ret = zs_sa_new(k->req, &sa, &err);
	zs_sa_wipe(&sa);
	return ret ? fail("adding an SA", &err, ret) : 0;
}

static void sa_key(struct zs_sa *sa, const struct zs_sa_id *id)
{
	memset(sa, 0, sizeof(*sa));
	sa->spi = id->spi;
	sa->proto = ZONESEC_PROTO_ESP;
	to_lib(&sa->src, &id->src);
	to_lib(&sa->dst, &id->dst);
}

static int zsk_sa_del(void *ctx, const struct zs_sa_id *id)
{
	struct zsk *k = ctx;
	struct zs_error err;
	struct zs_sa sa;
	int ret;

	sa_key(&sa, id);
	ret = zs_sa_del(k->req, &sa, &err);
	/* a hard expiry removed it already */
	if (ret == -ENOENT || ret == -ESRCH)
		return ret;
	return ret ? fail("deleting an SA", &err, ret) : 0;
}

static int zsk_sa_stats(void *ctx, const struct zs_sa_id *id,
			struct kernel_sa_stats *st)
{
	struct zsk *k = ctx;
	struct zs_error err;
	struct zs_sa key, sa;
	int ret;

	sa_key(&key, id);
	ret = zs_sa_get(k->req, &key, &sa, &err);
	if (ret)
		return ret;
	/* an SA counts one direction: in or out, whichever it carries */
	st->packets = sa.stats[0] + sa.stats[2];
	st->bytes = sa.stats[1] + sa.stats[3];
	return 0;
}

static uint32_t lib_dir(enum zs_dir d)
{
	return d == ZS_DIR_IN ? ZONESEC_DIR_IN :
	       d == ZS_DIR_OUT ? ZONESEC_DIR_OUT : ZONESEC_DIR_FWD;
}

static void policy(struct zs_policy *pol, const struct zs_policy_params *p)
{
	zs_policy_init(pol);
	pol->dir = lib_dir(p->dir);
	to_lib(&pol->src, &p->src.a);
	to_lib(&pol->dst, &p->dst.a);
	pol->src_plen = p->src.plen;
	pol->dst_plen = p->dst.plen;
	pol->proto = p->ip_proto;
	pol->priority = 1000;
	pol->action = ZONESEC_ACTION_PROTECT;
	pol->has_tmpl = true;
	pol->tmpl.proto = ZONESEC_PROTO_ESP;
	pol->tmpl.mode = p->tunnel ? ZONESEC_MODE_TUNNEL : ZONESEC_MODE_TRANSPORT;
	pol->tmpl.reqid = p->reqid;
	to_lib(&pol->tmpl.src, &p->tmpl_src);
	to_lib(&pol->tmpl.dst, &p->tmpl_dst);
}

/* Same dir and selector: one policy in the module. */
static struct held_policy *held(struct zsk *k, const struct zs_policy_params *p)
{
	for (size_t i = 0; i < k->n_pol; i++) {
		const struct zs_policy_params *h = &k->pol[i].p;

		if (h->dir == p->dir && h->ip_proto == p->ip_proto &&
		    h->src.plen == p->src.plen && h->dst.plen == p->dst.plen &&
		    zsd_addr_eq(&h->src.a, &p->src.a) &&
		    zsd_addr_eq(&h->dst.a, &p->dst.a))
			return &k->pol[i];
	}
	return NULL;
}

static int zsk_policy_add(void *ctx, const struct zs_policy_params *p)
{
	struct zsk *k = ctx;
	struct held_policy *h = held(k, p);
	struct zs_policy pol;
	struct zs_error err;
	int ret;

	if (h) {
		/* the trap and its child protect with the same template */
		if (h->p.reqid != p->reqid ||
		    !zsd_addr_eq(&h->p.tmpl_dst, &p->tmpl_dst))
			return -EEXIST;
		h->refs++;
		return 0;
	}
	if (k->n_pol == k->cap_pol) {
		size_t cap = k->cap_pol ? k->cap_pol * 2 : 16;
		struct held_policy *n = realloc(k->pol, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		k->pol = n;
		k->cap_pol = cap;
	}
	policy(&pol, p);
	ret = zs_policy_new(k->req, &pol, &err);
	if (ret)
		return fail("adding a policy", &err, ret);
	k->pol[k->n_pol++] = (struct held_policy){ .p = *p, .refs = 1 };
	return 0;
}

static int zsk_policy_del(void *ctx, const struct zs_policy_params *p)
{
	struct zsk *k = ctx;
	struct held_policy *h = held(k, p);
	struct zs_policy pol;
	struct zs_error err;
	int ret;

	if (!h)
		return -ENOENT;
	if (--h->refs)
		return 0;
	*h = k->pol[--k->n_pol];
	policy(&pol, p);
	ret = zs_policy_del(k->req, &pol, &err);
	return ret ? fail("deleting a policy", &err, ret) : 0;
}

static int zsk_event_fd(void *ctx)
{
	return zs_sock_fd(((struct zsk *)ctx)->ev);
}

struct ev_arg {
	kernel_event_cb cb;
	void *arg;
};

static int one_event(const struct zs_event *e, void *data)
{
	struct ev_arg *a = data;
	struct kernel_event ev;

	memset(&ev, 0, sizeof(ev));
	if (e->cmd == ZONESEC_CMD_ACQUIRE_NTF) {
		if (!e->pol.has_tmpl || e->pol.dir != ZONESEC_DIR_OUT)
			return 0;
		ev.type = KEV_ACQUIRE;
		ev.reqid = e->pol.tmpl.reqid;
		from_lib(&ev.src.a, &e->pol.src);
		from_lib(&ev.dst.a, &e->pol.dst);
		ev.src.plen = (uint8_t)e->pol.src_plen;
		ev.dst.plen = (uint8_t)e->pol.dst_plen;
	} else if (e->cmd == ZONESEC_CMD_SA_EXPIRE_NTF &&
		   e->sa.proto == ZONESEC_PROTO_ESP) {
		ev.type = e->sa.expire == ZONESEC_EXPIRE_HARD ? KEV_EXPIRE_HARD
							       : KEV_EXPIRE_SOFT;
		ev.reqid = e->sa.reqid;
		ev.sa.spi = e->sa.spi;
		from_lib(&ev.sa.src, &e->sa.src);
		from_lib(&ev.sa.dst, &e->sa.dst);
	} else {
		return 0;
	}
	a->cb(a->arg, &ev);
	return 0;
}

static int zsk_event_read(void *ctx, kernel_event_cb cb, void *arg)
{
	struct zsk *k = ctx;
	struct ev_arg a = { cb, arg };
	struct zs_error err;
	int ret = zs_events_read(k->ev, one_event, &a, &err);

	if (ret < 0)
		log_warn("zonesec module events: %s", err.msg);
	return ret < 0 ? ret : 0;
}

const struct kernel_ops kernel_zonesec_ops = {
	.name = "zonesec",
	.open = zsk_open,
	.close = zsk_close,
	.sa_add = zsk_sa_add,
	.sa_del = zsk_sa_del,
	.policy_add = zsk_policy_add,
	.policy_del = zsk_policy_del,
	.sa_stats = zsk_sa_stats,
	.event_fd = zsk_event_fd,
	.event_read = zsk_event_read,
};
