// SPDX-License-Identifier: GPL-2.0
/*
 * The IP header fields AH does not protect because routers may change
 * them (RFC 4302 3.3.3.1 and Appendix A). Both sides compute the ICV over
 * a copy of the headers in which these are zero, so the functions here
 * work on such a copy, a plain buffer, and never on the packet.
 *
 * IPv4: TOS (DSCP and ECN), flags and fragment offset, TTL, header
 * checksum, and every option but the immutable ones of Appendix A.1
 * (security, extended security, CIPSO, router alert, SDMDD). A mutable
 * option is zeroed whole, type and length included. Source routes are
 * mutable but predictable: the sender computes the ICV with the final
 * destination in the destination address, which is what the receiver sees.
 *
 * IPv6: traffic class, flow label and hop limit; in hop-by-hop and
 * destination options, the data of each option whose type has the
 * "may change en route" bit (RFC 8200 4.2). A routing header with
 * segments left would need its addresses rearranged into their order at
 * the destination; that is not done, and such a packet is refused.
 */

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <net/ip.h>

#include "ah.h"

/* Appendix A.1: options whose value a router leaves alone. */
static bool opt4_immutable(u8 type)
{
	switch (type) {
	case IPOPT_SEC:
	case 133:		/* extended security */
	case IPOPT_CIPSO:	/* commercial security */
	case IPOPT_RA:
	case 149:		/* sender directed multi-destination delivery */
		return true;
	}
	return false;
}

/**
 * zs_ah_zero4() - zero the mutable fields of a copy of an IPv4 header
 * @hdr: the header with its options (ihl taken from it)
 * @out: for an outgoing packet: a source route puts its final
 *	destination into the destination address
 *
 * Return: 0, or -EINVAL when the options are malformed.
 */
int zs_ah_zero4(u8 *hdr, bool out)
{
	struct iphdr *iph = (struct iphdr *)hdr;
	unsigned int off = sizeof(*iph), end = iph->ihl * 4, len;
	u8 *opt;

	iph->tos = 0;
	iph->frag_off = 0;
	iph->ttl = 0;
	iph->check = 0;
	while (off < end) {
		opt = hdr + off;
		if (opt[0] == IPOPT_END)
			break;
		if (opt[0] == IPOPT_NOOP) {
			off++;
			continue;
		}
		if (end - off < 2 || opt[1] < 2 || opt[1] > end - off)
			return -EINVAL;
		len = opt[1];
		if (!opt4_immutable(opt[0])) {
			if (opt[0] == IPOPT_LSRR || opt[0] == IPOPT_SSRR) {
				/* type, length, pointer, one address at least */
				if (len < 7)
					return -EINVAL;
				if (out)
					memcpy(&iph->daddr, opt + len - 4, 4);
			}
			memset(opt, 0, len);
		}
		off += len;
	}
	return 0;
}

/* The options of a hop-by-hop or destination options header. */
static int zero6_opts(u8 *opt, unsigned int len)
{
	unsigned int off = 0, olen;

	while (off < len) {
		if (opt[off] == 0) {		/* Pad1 */
			off++;
			continue;
		}
		if (len - off < 2 || opt[off + 1] > len - off - 2)
			return -EINVAL;
		olen = opt[off + 1];
		if (opt[off] & 0x20)		/* may change en route */
			memset(opt + off + 2, 0, olen);
		off += 2 + olen;
	}
	return 0;
}

/**
 * zs_ah_zero6() - zero the mutable fields of a copy of IPv6 headers
 * @hdr: the IPv6 header and the extension headers before AH
 * @len: their length: where the AH header starts
 *
 * Return: 0, -EINVAL when the headers are malformed or do not end where
 * AH starts, -EOPNOTSUPP for a routing header with segments left.
 */
int zs_ah_zero6(u8 *hdr, unsigned int len)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)hdr;
	unsigned int off = sizeof(*ip6), hlen;
	u8 nh = ip6->nexthdr;
	int err;

	if (len < sizeof(*ip6))
		return -EINVAL;
	/* version stays; traffic class and flow label go */
	hdr[0] &= 0xf0;
	hdr[1] = 0;
	hdr[2] = 0;
	hdr[3] = 0;
	ip6->hop_limit = 0;
	while (off < len) {
		if (len - off < 8)
			return -EINVAL;
		hlen = (hdr[off + 1] + 1) * 8;
		if (hlen > len - off)
			return -EINVAL;
		switch (nh) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_DSTOPTS:
			err = zero6_opts(hdr + off + 2, hlen - 2);
			if (err)
				return err;
			break;
		case IPPROTO_ROUTING:
			if (hdr[off + 3])	/* segments left */
				return -EOPNOTSUPP;
			break;
		default:
			/* a fragment header, or not an extension header */
			return -EINVAL;
		}
		nh = hdr[off];
		off += hlen;
	}
	return nh == IPPROTO_AH ? 0 : -EINVAL;
}

#ifdef CONFIG_ZONESEC_DEBUG
/* Known headers, zeroed by hand from RFC 4302 Appendix A. */
static bool selftest4(void)
{
	static const u8 in[32] = {
		0x48, 0xb8, 0x00, 0x40, 0x12, 0x34, 0x40, 0x00,
		0x40, 0x33, 0xab, 0xcd, 0xc0, 0x00, 0x02, 0x01,
		0xc0, 0x00, 0x02, 0x02,
		0x94, 0x04, 0x00, 0x00,			/* router alert */
		0x01,					/* nop */
		0x83, 0x07, 0x04, 0xc6, 0x33, 0x64, 0x01, /* lsrr */
	};
	static const u8 want[32] = {
		0x48, 0x00, 0x00, 0x40, 0x12, 0x34, 0x00, 0x00,
		0x00, 0x33, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01,
		0xc6, 0x33, 0x64, 0x01,
		0x94, 0x04, 0x00, 0x00,
		0x01,
		0, 0, 0, 0, 0, 0, 0,
	};
	static const u8 bad[24] = {
		0x46, 0, 0, 24, 0, 0, 0, 0, 64, 0x33, 0, 0,
		192, 0, 2, 1, 192, 0, 2, 2,
		0x44, 0x01, 0x00, 0x00,			/* length 1 */
	};
	u8 buf[32];
	bool ok;

	memcpy(buf, in, sizeof(in));
	ok = !zs_ah_zero4(buf, true) && !memcmp(buf, want, sizeof(want));
	/* a receiver already sees the final destination */
	memcpy(buf, in, sizeof(in));
	ok &= !zs_ah_zero4(buf, false) && !memcmp(buf + 16, in + 16, 4);
	memcpy(buf, bad, sizeof(bad));
	ok &= zs_ah_zero4(buf, false) == -EINVAL;
	return ok;
}

static bool selftest6(void)
{
	static const u8 in[64] = {
		0x6a, 0xbc, 0xde, 0xf1, 0x00, 0x40, IPPROTO_HOPOPTS, 0x40,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
		/* hop-by-hop: router alert (stays), PadN */
		IPPROTO_DSTOPTS, 0, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
		/* destination options: 0x3e may change, 0x1e may not */
		IPPROTO_AH, 1, 0x3e, 0x03, 0xaa, 0xbb, 0xcc,
		0x1e, 0x02, 0xdd, 0xee, 0x00, 0x01, 0x02, 0x00, 0x00,
	};
	static const u8 rt[48] = {
		0x60, 0, 0, 0, 0, 8, IPPROTO_ROUTING, 64,
		[40] = IPPROTO_AH, 0, 2, 1,		/* type 2, 1 left */
	};
	u8 want[64], buf[64];
	bool ok;

	memcpy(want, in, sizeof(in));
	want[0] = 0x60;
	want[1] = 0;
	want[2] = 0;
	want[3] = 0;
	want[7] = 0;
	memset(want + 52, 0, 3);
	memcpy(buf, in, sizeof(in));
	ok = !zs_ah_zero6(buf, sizeof(buf)) && !memcmp(buf, want, sizeof(want));
	memcpy(buf, in, sizeof(in));
	ok &= zs_ah_zero6(buf, 56) == -EINVAL;	/* cut in the middle */
	memcpy(buf, in, sizeof(in));
	ok &= zs_ah_zero6(buf, 48) == -EINVAL;	/* AH does not follow */
	memcpy(buf, rt, sizeof(rt));
	ok &= zs_ah_zero6(buf, sizeof(rt)) == -EOPNOTSUPP;
	return ok;
}

bool zs_ah_selftest(void)
{
	bool ok4 = selftest4(), ok6 = selftest6();

	if (!ok4 || !ok6)
		pr_err("AH mutable field self-test failed (IPv4 %s, IPv6 %s)\n",
		       ok4 ? "ok" : "FAILED", ok6 ? "ok" : "FAILED");
	return ok4 && ok6;
}
#endif
