// SPDX-License-Identifier: GPL-2.0
/*
 * SA operations of the family: sa-new, sa-get (do, dump), sa-del, sa-flush.
 *
 * Validation in two layers: the attribute policies below (types, ranges,
 * flag masks, address lengths), applied by the genetlink core before a
 * handler runs, then sa_precheck() for the rules between attributes. A
 * refused request changes nothing. Keys are copied into the crypto
 * transform only; no reply carries them.
 */

#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <uapi/linux/zonesec.h>

#include "netlink.h"
#include "netns.h"
#include "sa.h"

static const struct nla_policy alg_policy[ZONESEC_A_ALG_MAX + 1] = {
	[ZONESEC_A_ALG_NAME] = { .type = NLA_NUL_STRING,
				 .len = CRYPTO_MAX_ALG_NAME - 1 },
	[ZONESEC_A_ALG_KIND] = { .type = NLA_REJECT,
				 .reject_message = "kind is reply-only" },
	[ZONESEC_A_ALG_DRIVER] = { .type = NLA_REJECT,
				   .reject_message = "driver is reply-only" },
	[ZONESEC_A_ALG_KEY] = { .type = NLA_BINARY, .len = ZONESEC_KEY_MAX },
	[ZONESEC_A_ALG_BITS] = NLA_POLICY_MAX(NLA_U32, 512),
};

static const struct nla_policy lifetime_policy[ZONESEC_A_LIFETIME_MAX + 1] = {
	[ZONESEC_A_LIFETIME_BYTES_SOFT]	  = { .type = NLA_U64 },
	[ZONESEC_A_LIFETIME_BYTES_HARD]	  = { .type = NLA_U64 },
	[ZONESEC_A_LIFETIME_PACKETS_SOFT] = { .type = NLA_U64 },
	[ZONESEC_A_LIFETIME_PACKETS_HARD] = { .type = NLA_U64 },
	[ZONESEC_A_LIFETIME_ADD_SOFT]	  = { .type = NLA_U64 },
	[ZONESEC_A_LIFETIME_ADD_HARD]	  = { .type = NLA_U64 },
	[ZONESEC_A_LIFETIME_USE_SOFT]	  = { .type = NLA_U64 },
	[ZONESEC_A_LIFETIME_USE_HARD]	  = { .type = NLA_U64 },
};

static const struct nla_policy sa_policy[ZONESEC_A_SA_MAX + 1] = {
	[ZONESEC_A_SA_SPI] = NLA_POLICY_MIN(NLA_U32, ZONESEC_SPI_MIN),
	[ZONESEC_A_SA_PROTO] = NLA_POLICY_RANGE(NLA_U32, ZONESEC_PROTO_ESP,
						ZONESEC_PROTO_AH),
	[ZONESEC_A_SA_MODE] = NLA_POLICY_RANGE(NLA_U32, ZONESEC_MODE_TRANSPORT,
					       ZONESEC_MODE_TUNNEL),
	[ZONESEC_A_SA_INNER_AF] = NLA_POLICY_RANGE(NLA_U32, ZONESEC_AF_IPV4,
						   ZONESEC_AF_IPV6),
	[ZONESEC_A_SA_SRC] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						    zs_nl_validate_addr, 16),
	[ZONESEC_A_SA_DST] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						    zs_nl_validate_addr, 16),
	[ZONESEC_A_SA_REQID] = { .type = NLA_U32 },
	[ZONESEC_A_SA_AEAD] = NLA_POLICY_NESTED(alg_policy),
	[ZONESEC_A_SA_ENC] = NLA_POLICY_NESTED(alg_policy),
	[ZONESEC_A_SA_AUTH] = NLA_POLICY_NESTED(alg_policy),
	[ZONESEC_A_SA_REPLAY_WINDOW] = NLA_POLICY_MAX(NLA_U32,
						      ZONESEC_REPLAY_WINDOW_MAX),
	[ZONESEC_A_SA_FLAGS] = NLA_POLICY_MASK(NLA_U32, ZONESEC_SA_FLAGS_ALL),
	[ZONESEC_A_SA_LIFETIME] = NLA_POLICY_NESTED(lifetime_policy),
	[ZONESEC_A_SA_STATS] = { .type = NLA_REJECT,
				 .reject_message = "stats are reply-only" },
	[ZONESEC_A_SA_SEQ_OUT] = { .type = NLA_U64 },
	[ZONESEC_A_SA_SEQ_IN] = { .type = NLA_U64 },
	[ZONESEC_A_SA_EXPIRE] = { .type = NLA_REJECT,
				  .reject_message = "expire is notification-only" },
};

const struct nla_policy zs_nl_sa_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_SA] = NLA_POLICY_NESTED(sa_policy),
};

/* Parse ZONESEC_A_SA of a request into @tb; it must be there. */
static int sa_parse(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[ZONESEC_A_SA];

	if (!nest) {
		NL_SET_ERR_MSG_MOD(info->extack, "the request needs an sa");
		return -EINVAL;
	}
	return nla_parse_nested(tb, ZONESEC_A_SA_MAX, nest, sa_policy,
				info->extack);
}

/* SPI, destination and protocol: what names an SA. */
static int sa_key_precheck(struct nlattr **tb, const struct nlattr *nest,
			   struct zs_sa_key *key,
			   struct netlink_ext_ack *extack)
{
	if (!tb[ZONESEC_A_SA_SPI] || !tb[ZONESEC_A_SA_DST] ||
	    !tb[ZONESEC_A_SA_PROTO]) {
		NL_SET_ERR_MSG_MOD(extack, "an sa is named by spi, dst and proto");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	memset(key, 0, sizeof(*key));
	key->spi = cpu_to_be32(nla_get_u32(tb[ZONESEC_A_SA_SPI]));
	key->proto = nla_get_u32(tb[ZONESEC_A_SA_PROTO]);
	key->af = zs_nl_get_addr(tb[ZONESEC_A_SA_DST], &key->dst);
	return 0;
}

static int alg_check_msg(enum zs_alg_check why, const struct nlattr *attr,
			 struct netlink_ext_ack *extack)
{
	switch (why) {
	case ZS_ALG_OK:
		return 0;
	case ZS_ALG_NO_KEY:
		NL_SET_ERR_MSG_MOD(extack, "the algorithm needs a key");
		break;
	case ZS_ALG_BAD_KEYLEN:
		NL_SET_ERR_MSG_MOD(extack,
				   "key length does not fit the algorithm");
		break;
	case ZS_ALG_CIPHER_BITS:
		NL_SET_ERR_MSG_MOD(extack, "a cipher takes no ICV length");
		break;
	case ZS_ALG_BAD_BITS:
		NL_SET_ERR_MSG_MOD(extack,
				   "ICV length not allowed for the algorithm");
		break;
	}
	NL_SET_BAD_ATTR(extack, attr);
	return -EINVAL;
}

/* One algorithm nest of a kind: known name, key, ICV length. */
static int alg_precheck(const struct nlattr *nest,
			enum zonesec_alg_kind kind, struct zs_alg_cfg *cfg,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZONESEC_A_ALG_MAX + 1];
	int err;

	err = nla_parse_nested(tb, ZONESEC_A_ALG_MAX, nest, alg_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ZONESEC_A_ALG_NAME]) {
		NL_SET_ERR_MSG_MOD(extack, "the algorithm needs a name");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	cfg->alg = zs_xform_alg_find(nla_data(tb[ZONESEC_A_ALG_NAME]), kind);
	if (!cfg->alg) {
		NL_SET_ERR_MSG_MOD(extack,
				   "unknown algorithm, or not of this kind, or unavailable");
		NL_SET_BAD_ATTR(extack, tb[ZONESEC_A_ALG_NAME]);
		return -ENOENT;
	}
	if (tb[ZONESEC_A_ALG_KEY]) {
		cfg->key = nla_data(tb[ZONESEC_A_ALG_KEY]);
		cfg->keylen = nla_len(tb[ZONESEC_A_ALG_KEY]);
	}
	if (tb[ZONESEC_A_ALG_BITS])
		cfg->bits = nla_get_u32(tb[ZONESEC_A_ALG_BITS]);
	return alg_check_msg(zs_xform_check_alg(cfg),
			     tb[ZONESEC_A_ALG_KEY] ?: nest, extack);
}

/* Which algorithms a protocol takes: AH auth; ESP aead, or enc and auth. */
static int algs_precheck(struct nlattr **tb, const struct nlattr *nest,
			 struct zs_sa_cfg *cfg, struct netlink_ext_ack *extack)
{
	struct nlattr *aead = tb[ZONESEC_A_SA_AEAD];
	struct nlattr *enc = tb[ZONESEC_A_SA_ENC];
	struct nlattr *auth = tb[ZONESEC_A_SA_AUTH];
	int err;

	if (cfg->key.proto == ZONESEC_PROTO_AH && (aead || enc || !auth)) {
		NL_SET_ERR_MSG_MOD(extack, "ah takes an auth algorithm only");
		NL_SET_BAD_ATTR(extack, aead ?: enc ?: nest);
		return -EINVAL;
	}
	if (cfg->key.proto == ZONESEC_PROTO_ESP &&
	    !(aead && !enc && !auth) && !(!aead && enc && auth)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "esp takes an aead, or enc and auth");
		NL_SET_BAD_ATTR(extack, aead && (enc || auth) ? aead : nest);
		return -EINVAL;
	}
	if (aead) {
		err = alg_precheck(aead, ZONESEC_ALG_KIND_AEAD, &cfg->aead,
				   extack);
		if (err)
			return err;
	}
	if (enc) {
		err = alg_precheck(enc, ZONESEC_ALG_KIND_CIPHER, &cfg->enc,
				   extack);
		if (err)
			return err;
	}
	if (auth)
		return alg_precheck(auth, ZONESEC_ALG_KIND_AUTH, &cfg->auth,
				    extack);
	return 0;
}

static int lifetime_precheck(const struct nlattr *nest, struct zs_lifetime *l,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZONESEC_A_LIFETIME_MAX + 1];
	u64 *v = (u64 *)l;
	unsigned int i;
	int err;

	BUILD_BUG_ON(sizeof(*l) != 8 * sizeof(u64));
	err = nla_parse_nested(tb, ZONESEC_A_LIFETIME_MAX, nest,
			       lifetime_policy, extack);
	if (err)
		return err;
	/* the attributes come in the order of the struct's fields */
	for (i = 0; i < 8; i++)
		if (tb[ZONESEC_A_LIFETIME_BYTES_SOFT + i])
			v[i] = nla_get_u64(tb[ZONESEC_A_LIFETIME_BYTES_SOFT + i]);
	for (i = 0; i < 8; i += 2) {
		if (v[i + 1] && v[i] >= v[i + 1]) {
			NL_SET_ERR_MSG_MOD(extack,
					   "a soft limit must be below its hard limit");
			NL_SET_BAD_ATTR(extack,
					tb[ZONESEC_A_LIFETIME_BYTES_SOFT + i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* Starting sequence numbers: below 2^32 without ESN. */
static int seq_precheck(struct nlattr **tb, struct zs_sa_cfg *cfg,
			struct netlink_ext_ack *extack)
{
	struct nlattr *out = tb[ZONESEC_A_SA_SEQ_OUT];
	struct nlattr *in = tb[ZONESEC_A_SA_SEQ_IN];
	u64 max = cfg->flags & ZONESEC_SA_FLAG_ESN ? U64_MAX : U32_MAX;

	cfg->seq_out = out ? nla_get_u64(out) : 0;
	cfg->seq_in = in ? nla_get_u64(in) : 0;
	if (cfg->seq_out > max || cfg->seq_in > max) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a sequence number above 2^32 needs flag esn");
		NL_SET_BAD_ATTR(extack, cfg->seq_out > max ? out : in);
		return -EINVAL;
	}
	return 0;
}

/* Everything sa-new needs, between attributes; fills @cfg. */
static int sa_precheck(struct nlattr **tb, const struct nlattr *nest,
		       struct zs_sa_cfg *cfg, struct netlink_ext_ack *extack)
{
	int err;

	memset(cfg, 0, sizeof(*cfg));
	err = sa_key_precheck(tb, nest, &cfg->key, extack);
	if (err)
		return err;
	if (!tb[ZONESEC_A_SA_SRC]) {
		NL_SET_ERR_MSG_MOD(extack, "a new sa needs src");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	if (zs_nl_get_addr(tb[ZONESEC_A_SA_SRC], &cfg->src) != cfg->key.af) {
		NL_SET_ERR_MSG_MOD(extack, "src and dst differ in family");
		NL_SET_BAD_ATTR(extack, tb[ZONESEC_A_SA_SRC]);
		return -EINVAL;
	}
	cfg->mode = zs_nla_u32(tb[ZONESEC_A_SA_MODE], ZONESEC_MODE_TRANSPORT);
	cfg->inner_af = zs_nla_u32(tb[ZONESEC_A_SA_INNER_AF], cfg->key.af);
	if (cfg->mode == ZONESEC_MODE_TRANSPORT &&
	    cfg->inner_af != cfg->key.af) {
		NL_SET_ERR_MSG_MOD(extack,
				   "transport mode cannot carry another inner family");
		NL_SET_BAD_ATTR(extack, tb[ZONESEC_A_SA_INNER_AF]);
		return -EINVAL;
	}
	cfg->reqid = zs_nla_u32(tb[ZONESEC_A_SA_REQID], 0);
	cfg->replay_window = zs_nla_u32(tb[ZONESEC_A_SA_REPLAY_WINDOW], 0);
	cfg->flags = zs_nla_u32(tb[ZONESEC_A_SA_FLAGS], 0);
	err = seq_precheck(tb, cfg, extack);
	if (err)
		return err;
	if (tb[ZONESEC_A_SA_LIFETIME]) {
		err = lifetime_precheck(tb[ZONESEC_A_SA_LIFETIME], &cfg->life,
					extack);
		if (err)
			return err;
	}
	return algs_precheck(tb, nest, cfg, extack);
}

int zs_nl_sa_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));
	struct nlattr *tb[ZONESEC_A_SA_MAX + 1];
	struct zs_sa_cfg cfg;
	struct zs_sa *sa;
	int err;

	err = sa_parse(info, tb);
	if (err)
		return err;
	err = sa_precheck(tb, info->attrs[ZONESEC_A_SA], &cfg, info->extack);
	if (err)
		return err;
	sa = zs_sa_create(&cfg, info->extack);
	if (IS_ERR(sa))
		return PTR_ERR(sa);

	mutex_lock(&zn->conf_lock);
	err = zs_sa_insert(zn, sa);
	mutex_unlock(&zn->conf_lock);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "an sa with this spi, dst and proto exists");
		else
			NL_SET_ERR_MSG_MOD(info->extack, "cannot add the sa");
		NL_SET_BAD_ATTR(info->extack, tb[ZONESEC_A_SA_SPI]);
		zs_sa_put(sa);
	}
	return err;
}

static size_t alg_nlsize(void)
{
	return nla_total_size(0) +			/* the nest */
	       nla_total_size(CRYPTO_MAX_ALG_NAME) +	/* _NAME */
	       nla_total_size(CRYPTO_MAX_ALG_NAME) +	/* _DRIVER */
	       nla_total_size(sizeof(u32));		/* _BITS */
}

/* An upper bound of what sa_fill() writes. */
static size_t sa_nlsize(void)
{
	return nla_total_size(0) +				/* ZONESEC_A_SA */
	       7 * nla_total_size(sizeof(u32)) +		/* numbers */
	       2 * nla_total_size(sizeof(struct in6_addr)) +	/* SRC, DST */
	       2 * alg_nlsize() +
	       nla_total_size(0) + 8 * nla_total_size_64bit(sizeof(u64)) +
	       zs_stats_nlsize(ZS_SA_STAT_NUM) +
	       2 * nla_total_size_64bit(sizeof(u64)) +		/* SEQ_* */
	       nla_total_size(sizeof(u32));			/* EXPIRE */
}

static int alg_fill(struct sk_buff *skb, int type, const struct zs_alg *alg,
		    const char *driver, u32 bits)
{
	struct nlattr *nest;

	if (!alg)
		return 0;
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	/* never the key */
	if (nla_put_string(skb, ZONESEC_A_ALG_NAME, alg->name) ||
	    nla_put_string(skb, ZONESEC_A_ALG_DRIVER, driver) ||
	    (bits && nla_put_u32(skb, ZONESEC_A_ALG_BITS, bits))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int algs_fill(struct sk_buff *skb, const struct zs_sa *sa)
{
	const struct zs_xform *xf = &sa->xf;
	const char *driver;

	if (sa->key.proto == ZONESEC_PROTO_AH)
		return alg_fill(skb, ZONESEC_A_SA_AUTH, xf->auth_alg,
				crypto_ahash_driver_name(xf->ahash),
				xf->icv_len * 8);
	driver = crypto_aead_driver_name(xf->aead);
	if (xf->aead_alg)
		return alg_fill(skb, ZONESEC_A_SA_AEAD, xf->aead_alg, driver,
				xf->icv_len * 8);
	if (alg_fill(skb, ZONESEC_A_SA_ENC, xf->enc_alg, driver, 0))
		return -EMSGSIZE;
	return alg_fill(skb, ZONESEC_A_SA_AUTH, xf->auth_alg, driver,
			xf->icv_len * 8);
}

static int u64_nest_fill(struct sk_buff *skb, int type, const u64 *v,
			 unsigned int n, int first, int pad, bool skip_zero)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (skip_zero && !v[i])
			continue;
		if (nla_put_u64_64bit(skb, first + i, v[i], pad)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int sa_fill(struct sk_buff *skb, const struct zs_sa *sa, u32 expire)
{
	u64 stats[ZS_SA_STAT_NUM];
	struct nlattr *nest;

	nest = nla_nest_start(skb, ZONESEC_A_SA);
	if (!nest)
		return -EMSGSIZE;
	zs_sa_stats_read(sa, stats);
	if (nla_put_u32(skb, ZONESEC_A_SA_SPI, be32_to_cpu(sa->key.spi)) ||
	    nla_put_u32(skb, ZONESEC_A_SA_PROTO, sa->key.proto) ||
	    nla_put_u32(skb, ZONESEC_A_SA_MODE, sa->mode) ||
	    nla_put_u32(skb, ZONESEC_A_SA_INNER_AF, sa->inner_af) ||
	    zs_nl_put_addr(skb, ZONESEC_A_SA_SRC, &sa->src, sa->key.af) ||
	    zs_nl_put_addr(skb, ZONESEC_A_SA_DST, &sa->key.dst, sa->key.af) ||
	    nla_put_u32(skb, ZONESEC_A_SA_REQID, sa->reqid) ||
	    nla_put_u32(skb, ZONESEC_A_SA_REPLAY_WINDOW, sa->replay_window) ||
	    nla_put_u32(skb, ZONESEC_A_SA_FLAGS, sa->flags) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_SA_SEQ_OUT,
			      atomic64_read(&sa->seq_out), ZONESEC_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_SA_SEQ_IN,
			      READ_ONCE(sa->replay.top), ZONESEC_A_SA_PAD) ||
	    algs_fill(skb, sa) ||
	    u64_nest_fill(skb, ZONESEC_A_SA_LIFETIME, (const u64 *)&sa->life,
			  8, ZONESEC_A_LIFETIME_BYTES_SOFT,
			  ZONESEC_A_LIFETIME_PAD, true) ||
	    zs_stats_fill(skb, ZONESEC_A_SA_STATS, stats, ZS_SA_STAT_NUM) ||
	    (expire && nla_put_u32(skb, ZONESEC_A_SA_EXPIRE, expire))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int zs_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));
	struct nlattr *tb[ZONESEC_A_SA_MAX + 1];
	struct zs_sa_key key;
	struct sk_buff *msg;
	struct zs_sa *sa;
	void *hdr;
	int err;

	err = sa_parse(info, tb);
	if (!err)
		err = sa_key_precheck(tb, info->attrs[ZONESEC_A_SA], &key,
				      info->extack);
	if (err)
		return err;
	msg = zs_nl_reply_new(info, sa_nlsize(), ZONESEC_CMD_SA_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&zn->conf_lock);
	sa = zs_sa_lookup(&zn->sad, &key);
	if (sa)
		err = sa_fill(msg, sa, 0);
	mutex_unlock(&zn->conf_lock);
	if (!sa) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such sa");
		NL_SET_BAD_ATTR(info->extack, tb[ZONESEC_A_SA_SPI]);
		err = -ENOENT;
		goto err_free;
	}
	if (WARN_ON_ONCE(err))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/*
 * Resumes after the SAs sent so far (cb->args[0]); cb->seq, the table's
 * generation, flags a dump that raced with a change (NLM_F_DUMP_INTR).
 */
int zs_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct zs_net *zn = zs_netns_priv(sock_net(skb->sk));
	unsigned long skip = cb->args[0], i = 0;
	struct zs_sa *sa;
	void *hdr;

	mutex_lock(&zn->conf_lock);
	cb->seq = zn->sad.gen;
	list_for_each_entry(sa, &zn->sad.list, list) {
		if (i++ < skip)
			continue;
		hdr = zs_nl_dump_hdr(skb, cb, ZONESEC_CMD_SA_GET);
		if (!hdr)
			break;
		if (sa_fill(skb, sa, 0)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = i;
	}
	mutex_unlock(&zn->conf_lock);
	return skb->len;
}

int zs_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));
	struct nlattr *tb[ZONESEC_A_SA_MAX + 1];
	struct zs_sa_key key;
	struct zs_sa *sa;
	int err;

	err = sa_parse(info, tb);
	if (!err)
		err = sa_key_precheck(tb, info->attrs[ZONESEC_A_SA], &key,
				      info->extack);
	if (err)
		return err;

	mutex_lock(&zn->conf_lock);
	sa = zs_sa_lookup(&zn->sad, &key);
	if (sa)
		zs_sa_unlink(zn, sa);
	mutex_unlock(&zn->conf_lock);
	if (!sa) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such sa");
		NL_SET_BAD_ATTR(info->extack, tb[ZONESEC_A_SA_SPI]);
		return -ENOENT;
	}
	return 0;
}

int zs_nl_sa_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));

	mutex_lock(&zn->conf_lock);
	zs_sa_flush(zn);
	mutex_unlock(&zn->conf_lock);
	return 0;
}

/**
 * zs_nl_sa_expire_notify() - tell the events group an SA reached a limit
 * @net: its namespace
 * @sa: the SA, as a dump shows it
 * @kind: enum zonesec_expire
 */
void zs_nl_sa_expire_notify(struct net *net, const struct zs_sa *sa,
			    u32 kind)
{
	struct sk_buff *msg;
	void *hdr;

	if (!zs_nl_events_wanted(net))
		return;
	msg = zs_nl_event_new(sa_nlsize(), GFP_KERNEL, ZONESEC_CMD_SA_EXPIRE_NTF,
			      &hdr);
	if (!msg)
		return;
	if (WARN_ON_ONCE(sa_fill(msg, sa, kind))) {
		nlmsg_free(msg);
		return;
	}
	zs_nl_event_send(net, msg, hdr);
}
