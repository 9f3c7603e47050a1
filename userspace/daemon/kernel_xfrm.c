// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Linux XFRM backend: SAs and policies through NETLINK_XFRM, one
 * request at a time, each acknowledged.  The key buffer in the request
 * is wiped once sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <openssl/crypto.h>

#include "ikev2.h"
#include "kernel.h"
#include "log.h"

struct xfrm_ctx {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
};

static int xfrm_open(void **ctx)
{
	struct xfrm_ctx *x = calloc(1, sizeof(*x));

	if (!x)
		return -ENOMEM;
	x->nl = mnl_socket_open(NETLINK_XFRM);
	if (!x->nl || mnl_socket_bind(x->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		if (x->nl)
			mnl_socket_close(x->nl);
		free(x);
		return err;
	}
	x->portid = mnl_socket_get_portid(x->nl);
	x->seq = (uint32_t)time(NULL);
	*ctx = x;
	return 0;
}

static void xfrm_close(void *ctx)
{
	struct xfrm_ctx *x = ctx;

	mnl_socket_close(x->nl);
	free(x);
}

/* Sends the request and waits for its ack, each answer before it to cb;
 * 0 or -errno. */
static int xfrm_talk_cb(struct xfrm_ctx *x, struct nlmsghdr *nlh,
			mnl_cb_t cb, void *data)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(x->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(x->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)n, seq, x->portid, cb, data);
		if (ret <= MNL_CB_STOP)
			break;
	}
	ret = ret < 0 ? -errno : 0;
	/* an SA read back carries its keys */
	if (cb)
		OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

static int xfrm_talk(struct xfrm_ctx *x, struct nlmsghdr *nlh)
{
	return xfrm_talk_cb(x, nlh, NULL, NULL);
}

static struct nlmsghdr *start(struct xfrm_ctx *x, uint8_t *buf, uint16_t type,
			      uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++x->seq;
	return nlh;
}

static void put_addr(xfrm_address_t *x, const struct zsd_addr *a)
{
	memset(x, 0, sizeof(*x));
	memcpy(x, a->ip, zsd_addr_len(a));
}

static int xfrm_sa_add(void *ctx, const struct zs_sa_params *p)
{
	struct xfrm_ctx *x = ctx;
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = start(x, buf, XFRM_MSG_NEWSA,
				     NLM_F_CREATE | NLM_F_EXCL);
	struct xfrm_usersa_info *sa = mnl_nlmsg_put_extra_header(nlh, sizeof(*sa));
	uint8_t abuf[sizeof(struct xfrm_algo_aead) + 64]
		__attribute__((aligned(8)));
	struct xfrm_algo_aead *alg;
	const char *name;
	int ret;

	switch (p->encr_id) {
	case IKEV2_ENCR_AES_GCM_16:
		name = "rfc4106(gcm(aes))";
		break;
	case IKEV2_ENCR_CHACHA20_POLY1305:
		name = "rfc7539esp(chacha20,poly1305)";
		break;
	default:
		return -EOPNOTSUPP;
	}
	put_addr(&sa->id.daddr, &p->dst);
	put_addr(&sa->saddr, &p->src);
	sa->id.spi = htonl(p->spi);
	sa->id.proto = IPPROTO_ESP;
	sa->family = p->dst.family;
	sa->mode = p->tunnel ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	sa->reqid = p->reqid;
	sa->replay_window = 32;
	sa->lft.soft_byte_limit = XFRM_INF;
	sa->lft.hard_byte_limit = XFRM_INF;
	sa->lft.soft_packet_limit = XFRM_INF;
	sa->lft.hard_packet_limit = XFRM_INF;
	sa->lft.soft_add_expires_seconds = p->soft_s;
	sa->lft.hard_add_expires_seconds = p->hard_s;
	if (!p->tunnel) {
		sa->sel.family = p->dst.family;
		put_addr(&sa->sel.daddr, &p->dst);
		put_addr(&sa->sel.saddr, &p->src);
		sa->sel.prefixlen_d = sa->sel.prefixlen_s =
			(uint8_t)(zsd_addr_len(&p->dst) * 8);
	}

	if (p->key_len > sizeof(abuf) - sizeof(*alg))
		return -EINVAL;
	alg = (struct xfrm_algo_aead *)abuf;
	memset(abuf, 0, sizeof(abuf));
	strcpy(alg->alg_name, name);
	alg->alg_key_len = (unsigned int)(p->key_len * 8);
	alg->alg_icv_len = IKEV2_AEAD_ICV_LEN * 8;
	memcpy(alg->alg_key, p->key, p->key_len);
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(*alg) + p->key_len, abuf);
	OPENSSL_cleanse(abuf, sizeof(abuf));

	ret = xfrm_talk(x, nlh);
	OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

static int xfrm_sa_del(void *ctx, const struct zs_sa_id *id)
{
	struct xfrm_ctx *x = ctx;
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = start(x, buf, XFRM_MSG_DELSA, 0);
	struct xfrm_usersa_id *sid = mnl_nlmsg_put_extra_header(nlh, sizeof(*sid));
	xfrm_address_t src;

	put_addr(&sid->daddr, &id->dst);
	sid->spi = htonl(id->spi);
	sid->family = id->dst.family;
	sid->proto = IPPROTO_ESP;
	put_addr(&src, &id->src);
	mnl_attr_put(nlh, XFRMA_SRCADDR, sizeof(src), &src);
	return xfrm_talk(x, nlh);
}

static int sa_info_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct xfrm_usersa_info *sa = mnl_nlmsg_get_payload(nlh);
	struct kernel_sa_stats *st = data;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*sa))
		return MNL_CB_ERROR;
	st->bytes = sa->curlft.bytes;
	st->packets = sa->curlft.packets;
	return MNL_CB_OK;
}

/* The SA's current lifetime counters: what it has carried. */
static int xfrm_sa_stats(void *ctx, const struct zs_sa_id *id,
			 struct kernel_sa_stats *st)
{
	struct xfrm_ctx *x = ctx;
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = start(x, buf, XFRM_MSG_GETSA, 0);
	struct xfrm_usersa_id *sid = mnl_nlmsg_put_extra_header(nlh, sizeof(*sid));
	xfrm_address_t src;

	put_addr(&sid->daddr, &id->dst);
	sid->spi = htonl(id->spi);
	sid->family = id->dst.family;
	sid->proto = IPPROTO_ESP;
	put_addr(&src, &id->src);
	mnl_attr_put(nlh, XFRMA_SRCADDR, sizeof(src), &src);
	memset(st, 0, sizeof(*st));
	return xfrm_talk_cb(x, nlh, sa_info_cb, st);
}

static uint8_t xdir(enum zs_dir d)
{
	return d == ZS_DIR_IN ? XFRM_POLICY_IN :
	       d == ZS_DIR_OUT ? XFRM_POLICY_OUT : XFRM_POLICY_FWD;
}

static void put_sel(struct xfrm_selector *sel, const struct zs_policy_params *p)
{
	memset(sel, 0, sizeof(*sel));
	put_addr(&sel->saddr, &p->src.a);
	put_addr(&sel->daddr, &p->dst.a);
	sel->prefixlen_s = p->src.plen;
	sel->prefixlen_d = p->dst.plen;
	sel->family = p->src.a.family;
	sel->proto = p->ip_proto;
}

static int xfrm_policy_add(void *ctx, const struct zs_policy_params *p)
{
	struct xfrm_ctx *x = ctx;
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = start(x, buf, XFRM_MSG_NEWPOLICY,
				     NLM_F_CREATE | NLM_F_EXCL);
	struct xfrm_userpolicy_info *pol =
		mnl_nlmsg_put_extra_header(nlh, sizeof(*pol));
	struct xfrm_user_tmpl t;

	put_sel(&pol->sel, p);
	pol->lft.soft_byte_limit = XFRM_INF;
	pol->lft.hard_byte_limit = XFRM_INF;
	pol->lft.soft_packet_limit = XFRM_INF;
	pol->lft.hard_packet_limit = XFRM_INF;
	pol->priority = 1000;
	pol->dir = xdir(p->dir);
	pol->action = XFRM_POLICY_ALLOW;

	memset(&t, 0, sizeof(t));
	put_addr(&t.id.daddr, &p->tmpl_dst);
	put_addr(&t.saddr, &p->tmpl_src);
	t.id.proto = IPPROTO_ESP;
	t.family = p->tmpl_dst.family;
	t.reqid = p->reqid;
	t.mode = p->tunnel ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	t.aalgos = t.ealgos = t.calgos = ~0u;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	return xfrm_talk(x, nlh);
}

static int xfrm_policy_del(void *ctx, const struct zs_policy_params *p)
{
	struct xfrm_ctx *x = ctx;
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = start(x, buf, XFRM_MSG_DELPOLICY, 0);
	struct xfrm_userpolicy_id *id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));

	put_sel(&id->sel, p);
	id->dir = xdir(p->dir);
	return xfrm_talk(x, nlh);
}

const struct kernel_ops kernel_xfrm_ops = {
	.name = "xfrm",
	.open = xfrm_open,
	.close = xfrm_close,
	.sa_add = xfrm_sa_add,
	.sa_del = xfrm_sa_del,
	.policy_add = xfrm_policy_add,
	.policy_del = xfrm_policy_del,
	.sa_stats = xfrm_sa_stats,
};
