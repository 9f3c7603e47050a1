// SPDX-License-Identifier: GPL-2.0-or-later
/* ZONESEC_CMD_SA_*: add, get, dump, delete and flush SAs. */
#include <errno.h>
#include <string.h>

#include <linux/zonesec.h>

#include "internal.h"
#include "ipsec.h"

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_SA] = { MNL_TYPE_NESTED, "sa", true },
};

static const struct zs_attr_policy sa_policy[ZONESEC_A_SA_MAX + 1] = {
	[ZONESEC_A_SA_SPI]	= { MNL_TYPE_U32, "spi", true },
	[ZONESEC_A_SA_PROTO]	= { MNL_TYPE_U32, "proto", true },
	[ZONESEC_A_SA_MODE]	= { MNL_TYPE_U32, "mode", false },
	[ZONESEC_A_SA_INNER_AF]	= { MNL_TYPE_U32, "inner-af", false },
	[ZONESEC_A_SA_SRC]	= { MNL_TYPE_BINARY, "src", false },
	[ZONESEC_A_SA_DST]	= { MNL_TYPE_BINARY, "dst", true },
	[ZONESEC_A_SA_REQID]	= { MNL_TYPE_U32, "reqid", false },
	[ZONESEC_A_SA_AEAD]	= { MNL_TYPE_NESTED, "aead", false },
	[ZONESEC_A_SA_ENC]	= { MNL_TYPE_NESTED, "enc", false },
	[ZONESEC_A_SA_AUTH]	= { MNL_TYPE_NESTED, "auth", false },
	[ZONESEC_A_SA_REPLAY_WINDOW] = { MNL_TYPE_U32, "replay-window", false },
	[ZONESEC_A_SA_FLAGS]	= { MNL_TYPE_U32, "flags", false },
	[ZONESEC_A_SA_LIFETIME]	= { MNL_TYPE_NESTED, "lifetime", false },
	[ZONESEC_A_SA_STATS]	= { MNL_TYPE_NESTED, "stats", false },
	[ZONESEC_A_SA_SEQ_OUT]	= { MNL_TYPE_U64, "seq-out", false },
	[ZONESEC_A_SA_SEQ_IN]	= { MNL_TYPE_U64, "seq-in", false },
	[ZONESEC_A_SA_EXPIRE]	= { MNL_TYPE_U32, "expire", false },
};

static const struct zs_attr_policy alg_policy[ZONESEC_A_ALG_MAX + 1] = {
	[ZONESEC_A_ALG_NAME]	= { MNL_TYPE_NUL_STRING, "name", true },
	[ZONESEC_A_ALG_DRIVER]	= { MNL_TYPE_NUL_STRING, "driver", false },
	[ZONESEC_A_ALG_BITS]	= { MNL_TYPE_U32, "bits", false },
};

static struct zs_attr_policy life_policy[ZONESEC_A_LIFETIME_MAX + 1];

static const char *const life_names[ZS_LIFE_NUM] = {
	"byte-soft", "byte-hard", "packet-soft", "packet-hard",
	"time-soft", "time-hard", "time-use-soft", "time-use-hard",
};

const char *zs_life_name(unsigned int i)
{
	return i < ZS_LIFE_NUM ? life_names[i] : "?";
}

const char *zs_proto_name(uint32_t proto)
{
	switch (proto) {
	case ZONESEC_PROTO_ESP:	return "esp";
	case ZONESEC_PROTO_AH:	return "ah";
	default:		return "unknown";
	}
}

const char *zs_mode_name(uint32_t mode)
{
	switch (mode) {
	case ZONESEC_MODE_TRANSPORT:	return "transport";
	case ZONESEC_MODE_TUNNEL:	return "tunnel";
	default:			return "unknown";
	}
}

static void init_u64_policies(void)
{
	for (unsigned int i = 0; i < ZS_LIFE_NUM; i++)
		life_policy[ZONESEC_A_LIFETIME_BYTES_SOFT + i] =
			(struct zs_attr_policy){ MNL_TYPE_U64, life_names[i], false };
}

static void put_addr(struct nlmsghdr *nlh, uint16_t type,
		     const struct zs_addr *a)
{
	if (a->af)
		mnl_attr_put(nlh, type, a->af == ZONESEC_AF_IPV6 ? 16 : 4,
			     a->bytes);
}

static void put_alg(struct nlmsghdr *nlh, uint16_t type,
		    const struct zs_sa_alg *alg)
{
	struct nlattr *nest;

	if (!alg->set)
		return;
	nest = mnl_attr_nest_start(nlh, type);
	mnl_attr_put_strz(nlh, ZONESEC_A_ALG_NAME, alg->name);
	mnl_attr_put(nlh, ZONESEC_A_ALG_KEY, alg->keylen, alg->key);
	if (alg->bits)
		mnl_attr_put_u32(nlh, ZONESEC_A_ALG_BITS, alg->bits);
	mnl_attr_nest_end(nlh, nest);
}

/* The SA's attributes; @full for sa-new, else only what names it. */
void zs_sa_put(struct nlmsghdr *nlh, const struct zs_sa *sa, bool full)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ZONESEC_A_SA);
	struct nlattr *life;

	mnl_attr_put_u32(nlh, ZONESEC_A_SA_SPI, sa->spi);
	mnl_attr_put_u32(nlh, ZONESEC_A_SA_PROTO, sa->proto);
	put_addr(nlh, ZONESEC_A_SA_DST, &sa->dst);
	if (full) {
		put_addr(nlh, ZONESEC_A_SA_SRC, &sa->src);
		if (sa->mode)
			mnl_attr_put_u32(nlh, ZONESEC_A_SA_MODE, sa->mode);
		if (sa->inner_af)
			mnl_attr_put_u32(nlh, ZONESEC_A_SA_INNER_AF,
					 sa->inner_af);
		mnl_attr_put_u32(nlh, ZONESEC_A_SA_REQID, sa->reqid);
		mnl_attr_put_u32(nlh, ZONESEC_A_SA_REPLAY_WINDOW,
				 sa->replay_window);
		mnl_attr_put_u32(nlh, ZONESEC_A_SA_FLAGS, sa->flags);
		if (sa->seq_out)
			mnl_attr_put_u64(nlh, ZONESEC_A_SA_SEQ_OUT, sa->seq_out);
		if (sa->seq_in)
			mnl_attr_put_u64(nlh, ZONESEC_A_SA_SEQ_IN, sa->seq_in);
		put_alg(nlh, ZONESEC_A_SA_AEAD, &sa->aead);
		put_alg(nlh, ZONESEC_A_SA_ENC, &sa->enc);
		put_alg(nlh, ZONESEC_A_SA_AUTH, &sa->auth);
		life = mnl_attr_nest_start(nlh, ZONESEC_A_SA_LIFETIME);
		for (unsigned int i = 0; i < ZS_LIFE_NUM; i++)
			if (sa->life[i])
				mnl_attr_put_u64(nlh,
						 ZONESEC_A_LIFETIME_BYTES_SOFT + i,
						 sa->life[i]);
		mnl_attr_nest_end(nlh, life);
	}
	mnl_attr_nest_end(nlh, nest);
}

static int get_addr(const struct nlattr *attr, struct zs_addr *a,
		    const char *name, struct zs_error *err)
{
	uint16_t len = mnl_attr_get_payload_len(attr);

	memset(a, 0, sizeof(*a));
	if (len != 4 && len != 16)
		return zs_error_set(err, -EBADMSG,
				    "attribute '%s' is %u bytes, not an address",
				    name, len);
	a->af = len == 16 ? ZONESEC_AF_IPV6 : ZONESEC_AF_IPV4;
	memcpy(a->bytes, mnl_attr_get_payload(attr), len);
	return 0;
}

static int get_alg(const struct nlattr *nest, struct zs_sa_alg *alg,
		   struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_ALG_MAX + 1];
	int ret;

	ret = zs_attr_parse_nested(nest, alg_policy, ZONESEC_A_ALG_MAX, tb,
				   err);
	if (ret)
		return ret;
	alg->set = true;
	snprintf(alg->name, sizeof(alg->name), "%s",
		 mnl_attr_get_str(tb[ZONESEC_A_ALG_NAME]));
	if (tb[ZONESEC_A_ALG_DRIVER])
		snprintf(alg->driver, sizeof(alg->driver), "%s",
			 mnl_attr_get_str(tb[ZONESEC_A_ALG_DRIVER]));
	if (tb[ZONESEC_A_ALG_BITS])
		alg->bits = mnl_attr_get_u32(tb[ZONESEC_A_ALG_BITS]);
	return 0;
}

static int get_u64s(const struct nlattr *nest,
		    const struct zs_attr_policy *policy, unsigned int max,
		    unsigned int first, uint64_t *out, unsigned int n,
		    struct zs_error *err)
{
	const struct nlattr *tb[32];
	int ret;

	ret = zs_attr_parse_nested(nest, policy, max, tb, err);
	if (ret)
		return ret;
	for (unsigned int i = 0; i < n; i++)
		out[i] = tb[first + i] ? mnl_attr_get_u64(tb[first + i]) : 0;
	return 0;
}

static uint32_t get_u32(const struct nlattr *attr, uint32_t def)
{
	return attr ? mnl_attr_get_u32(attr) : def;
}

/* One SA of a reply; unknown attributes from a newer module are skipped. */
int zs_sa_parse(const struct nlmsghdr *nlh, struct zs_sa *out,
		struct zs_error *err)
{
	const struct nlattr *top[ZONESEC_A_MAX + 1];
	const struct nlattr *tb[ZONESEC_A_SA_MAX + 1];
	int ret;

	init_u64_policies();
	memset(out, 0, sizeof(*out));
	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, top, err);
	if (!ret)
		ret = zs_attr_parse_nested(top[ZONESEC_A_SA], sa_policy,
					   ZONESEC_A_SA_MAX, tb, err);
	if (ret)
		return ret;
	out->spi = mnl_attr_get_u32(tb[ZONESEC_A_SA_SPI]);
	out->proto = mnl_attr_get_u32(tb[ZONESEC_A_SA_PROTO]);
	out->mode = get_u32(tb[ZONESEC_A_SA_MODE], 0);
	out->inner_af = get_u32(tb[ZONESEC_A_SA_INNER_AF], 0);
	out->reqid = get_u32(tb[ZONESEC_A_SA_REQID], 0);
	out->replay_window = get_u32(tb[ZONESEC_A_SA_REPLAY_WINDOW], 0);
	out->flags = get_u32(tb[ZONESEC_A_SA_FLAGS], 0);
	out->expire = get_u32(tb[ZONESEC_A_SA_EXPIRE], 0);
	if (tb[ZONESEC_A_SA_SEQ_OUT])
		out->seq_out = mnl_attr_get_u64(tb[ZONESEC_A_SA_SEQ_OUT]);
	if (tb[ZONESEC_A_SA_SEQ_IN])
		out->seq_in = mnl_attr_get_u64(tb[ZONESEC_A_SA_SEQ_IN]);
	ret = get_addr(tb[ZONESEC_A_SA_DST], &out->dst, "dst", err);
	if (!ret && tb[ZONESEC_A_SA_SRC])
		ret = get_addr(tb[ZONESEC_A_SA_SRC], &out->src, "src", err);
	if (!ret && tb[ZONESEC_A_SA_AEAD])
		ret = get_alg(tb[ZONESEC_A_SA_AEAD], &out->aead, err);
	if (!ret && tb[ZONESEC_A_SA_ENC])
		ret = get_alg(tb[ZONESEC_A_SA_ENC], &out->enc, err);
	if (!ret && tb[ZONESEC_A_SA_AUTH])
		ret = get_alg(tb[ZONESEC_A_SA_AUTH], &out->auth, err);
	if (!ret && tb[ZONESEC_A_SA_LIFETIME])
		ret = get_u64s(tb[ZONESEC_A_SA_LIFETIME], life_policy,
			       ZONESEC_A_LIFETIME_MAX,
			       ZONESEC_A_LIFETIME_BYTES_SOFT, out->life,
			       ZS_LIFE_NUM, err);
	if (!ret && tb[ZONESEC_A_SA_STATS]) {
		out->has_stats = true;
		ret = zs_stats_parse(tb[ZONESEC_A_SA_STATS], out->stats, err);
	}
	return ret;
}

void zs_sa_wipe(struct zs_sa *sa)
{
	explicit_bzero(sa, sizeof(*sa));
}

int zs_sa_new(struct zs_sock *sock, const struct zs_sa *sa,
	      struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_SA_NEW, 0);
	int ret;

	zs_sa_put(nlh, sa, true);
	ret = zs_request_run(sock, nlh, NULL, NULL, err);
	/* the request buffer held the keys */
	explicit_bzero(sock->sbuf, sizeof(sock->sbuf));
	return ret;
}

struct dump_ctx {
	zs_sa_cb cb;
	void *data;
};

static int sa_reply(const struct nlmsghdr *nlh, void *data,
		    struct zs_error *err)
{
	struct dump_ctx *ctx = data;
	struct zs_sa sa;
	int ret;

	ret = zs_sa_parse(nlh, &sa, err);
	if (ret)
		return ret;
	return ctx->cb(&sa, ctx->data);
}

static int copy_cb(const struct zs_sa *sa, void *data)
{
	*(struct zs_sa *)data = *sa;
	return 0;
}

int zs_sa_get(struct zs_sock *sock, const struct zs_sa *key,
	      struct zs_sa *out, struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_SA_GET, 0);
	struct dump_ctx ctx = { copy_cb, out };

	zs_sa_put(nlh, key, false);
	return zs_request_run(sock, nlh, sa_reply, &ctx, err);
}

int zs_sa_dump(struct zs_sock *sock, zs_sa_cb cb, void *data,
	       struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_SA_GET,
						NLM_F_DUMP);
	struct dump_ctx ctx = { cb, data };

	return zs_request_run(sock, nlh, sa_reply, &ctx, err);
}

int zs_sa_del(struct zs_sock *sock, const struct zs_sa *key,
	      struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_SA_DEL, 0);

	zs_sa_put(nlh, key, false);
	return zs_request_run(sock, nlh, NULL, NULL, err);
}

int zs_sa_flush(struct zs_sock *sock, struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_SA_FLUSH, 0);

	return zs_request_run(sock, nlh, NULL, NULL, err);
}
