// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Counters (enum zonesec_a_stats): the nest an SA carries, and the
 * namespace's own from ZONESEC_CMD_STATS_GET.
 */
#include <errno.h>
#include <string.h>

#include <linux/zonesec.h>

#include "internal.h"
#include "ipsec.h"

/* In the order of struct zs_sa's stats[]; the spec's spelling. */
static const char *const stat_names[ZS_STATS_NUM] = {
	"packets-in", "bytes-in", "packets-out", "bytes-out",
	"drop-auth", "drop-replay", "drop-malformed", "drop-crypto",
	"drop-too-big", "drop-seq-overflow", "drop-policy", "drop-nomem",
	"drop-bad-padding",
	"drop-no-sa", "drop-clear-text", "drop-no-sa-out", "drop-discard",
};

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_STATS] = { MNL_TYPE_NESTED, "stats", true },
};

static struct zs_attr_policy stats_policy[ZONESEC_A_STATS_MAX + 1];

const char *zs_stat_name(unsigned int i)
{
	return i < ZS_STATS_NUM ? stat_names[i] : "?";
}

/*
 * The attribute of counter @i: the first reasons were numbered before
 * the pad attribute, the later ones follow it.
 */
static unsigned int stat_attr(unsigned int i)
{
	if (i < ZS_STATS_FIRST_AFTER_PAD)
		return ZONESEC_A_STATS_PACKETS_IN + i;
	return ZONESEC_A_STATS_DROP_BAD_PADDING + i - ZS_STATS_FIRST_AFTER_PAD;
}

_Static_assert(ZONESEC_A_STATS_PACKETS_IN + ZS_STATS_FIRST_AFTER_PAD ==
	       ZONESEC_A_STATS_PAD, "counters before pad");
_Static_assert(ZONESEC_A_STATS_DROP_BAD_PADDING + ZS_STATS_NUM - 1 -
	       ZS_STATS_FIRST_AFTER_PAD == ZONESEC_A_STATS_MAX,
	       "counters after pad");

/* Counters absent from the nest (an older module) read as zero. */
int zs_stats_parse(const struct nlattr *nest, uint64_t out[ZS_STATS_NUM],
		   struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_STATS_MAX + 1];
	int ret;

	for (unsigned int i = 0; i < ZS_STATS_NUM; i++)
		stats_policy[stat_attr(i)] =
			(struct zs_attr_policy){ MNL_TYPE_U64, stat_names[i],
						 false };
	ret = zs_attr_parse_nested(nest, stats_policy, ZONESEC_A_STATS_MAX,
				   tb, err);
	if (ret)
		return ret;
	for (unsigned int i = 0; i < ZS_STATS_NUM; i++) {
		const struct nlattr *a = tb[stat_attr(i)];

		out[i] = a ? mnl_attr_get_u64(a) : 0;
	}
	return 0;
}

struct stats_req {
	uint64_t *out;
	bool seen;
};

static int stats_cb(const struct nlmsghdr *nlh, void *data,
		    struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_MAX + 1];
	struct stats_req *req = data;
	int ret;

	if (req->seen)
		return zs_error_set(err, -EPROTO,
				    "more than one reply to a stats request");
	req->seen = true;
	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, tb, err);
	if (ret)
		return ret;
	return zs_stats_parse(tb[ZONESEC_A_STATS], req->out, err);
}

int zs_stats_get(struct zs_sock *sock, uint64_t out[ZS_STATS_NUM],
		 struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_STATS_GET, 0);
	struct stats_req req = { .out = out };
	int ret;

	memset(out, 0, sizeof(uint64_t) * ZS_STATS_NUM);
	ret = zs_request_run(sock, nlh, stats_cb, &req, err);
	if (!ret && !req.seen)
		ret = zs_error_set(err, -EPROTO,
				   "the kernel acked a stats request without a reply");
	return ret;
}
