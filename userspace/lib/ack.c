// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Acks and errors, with the kernel's extended ack message.
 *
 * NLMSG_ERROR carries struct nlmsgerr: the error (0 for a plain ack) and
 * a copy of the request's header, then the request's payload unless it was
 * capped (NETLINK_CAP_ACK sets NLM_F_CAPPED), then, with NLM_F_ACK_TLVS,
 * the extended ack attributes. The NLMSG_DONE that ends a dump carries an
 * int error and, likewise, the extended ack attributes.
 *
 * The message the module wrote with NL_SET_ERR_MSG is the most precise
 * explanation there is, so it is reported as is; strerror() is only the
 * fallback.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

static const struct zs_attr_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG] = { MNL_TYPE_NUL_STRING, "extack message", false },
	[NLMSGERR_ATTR_OFFS] = { MNL_TYPE_U32, "extack offset", false },
};

static int error_from(int code, const char *tlvs, size_t len,
		      struct zs_error *err)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct zs_error ignored;

	if (code > 0)	/* never sent by a sane kernel */
		return zs_error_set(err, -EPROTO, "bad netlink error code %d",
				    code);
	if (code == 0) {
		err->code = 0;
		err->msg[0] = '\0';
		return 0;
	}
	/* a malformed extack must not hide the error itself */
	if (!len || zs_attr_parse(tlvs, len, extack_policy, NLMSGERR_ATTR_MAX,
				  tb, &ignored))
		return zs_error_set(err, code, "%s", strerror(-code));
	if (tb[NLMSGERR_ATTR_MSG])
		zs_error_set(err, code, "%s",
			     mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
	else
		zs_error_set(err, code, "%s", strerror(-code));
	if (tb[NLMSGERR_ATTR_OFFS])
		err->bad_off = mnl_attr_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	return code;
}

/* Where the extended ack attributes start in an NLMSG_ERROR payload. */
static size_t nlmsgerr_tlv_offset(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len > MNL_NLMSG_HDRLEN)
		off += e->msg.nlmsg_len - MNL_NLMSG_HDRLEN;
	return MNL_ALIGN(off);
}

static int parse_error(const struct nlmsghdr *nlh, struct zs_error *err)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	size_t off;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN || len < sizeof(*e))
		return zs_error_set(err, -EBADMSG,
				    "truncated netlink error message");
	off = nlmsgerr_tlv_offset(nlh);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= len)
		return error_from(e->error, NULL, 0, err);
	return error_from(e->error, (const char *)e + off, len - off, err);
}

static int parse_done(const struct nlmsghdr *nlh, struct zs_error *err)
{
	const char *payload = mnl_nlmsg_get_payload(nlh);
	size_t len = nlh->nlmsg_len >= MNL_NLMSG_HDRLEN ?
		     mnl_nlmsg_get_payload_len(nlh) : 0;
	size_t off = MNL_ALIGN(sizeof(int));
	int code;

	if (len < sizeof(int))	/* a DONE without an error code is success */
		return error_from(0, NULL, 0, err);
	memcpy(&code, payload, sizeof(code));
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= len)
		return error_from(code, NULL, 0, err);
	return error_from(code, payload + off, len - off, err);
}

int zs_ack_parse(const struct nlmsghdr *nlh, struct zs_error *err)
{
	switch (nlh->nlmsg_type) {
	case NLMSG_ERROR:
		return parse_error(nlh, err);
	case NLMSG_DONE:
		return parse_done(nlh, err);
	default:
		return zs_error_set(err, -EPROTO,
				    "netlink message type %u is not an ack",
				    nlh->nlmsg_type);
	}
}
