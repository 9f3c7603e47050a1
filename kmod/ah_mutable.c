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
 * IPv6 (RFC 4302 3.3.3.1.2): traffic class, flow label and hop limit;
 * in hop-by-hop and destination options, the data of each option whose
 * type has the "may change en route" bit (RFC 8200 4.2), type and length
 * kept. The payload length is not mutable: it is the length the
 * receiver sees. A routing header is mutable but predictable: the
 * sender computes the ICV over it as it will arrive, segments left 0,
 * the final destination in the destination address and the addresses
 * visited on the way in the list, as ah6.c does it. That layout (RFC 5095
 * type 0, RFC 6275 type 2) is the one we know how to rearrange; another
 * type with segments left is refused. A receiver sees the header as it
 * arrived, segments left 0 (a packet with segments left is not for it).
 * The Home Address destination option of Mobile IPv6 is not rearranged.
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

/*
 * A routing header of type 0 or 2 as the destination will see it: the
 * addresses still to visit move along, the current destination takes
 * the first free place in the list, the last address becomes the
 * destination. @rt: the header, @len bytes; @ip6: the IPv6 header.
 */
static int rt_final(struct ipv6hdr *ip6, u8 *rt, unsigned int len)
{
	const unsigned int alen = sizeof(struct in6_addr);
	unsigned int n = rt[1] / 2, left = rt[3];
	u8 *addr = rt + 8, last[sizeof(struct in6_addr)];

	if (!left)
		return 0;
	if (rt[2] != 0 && rt[2] != 2)
		return -EOPNOTSUPP;
	/* eight bytes, then the addresses: nothing else fits */
	if (rt[1] % 2 || left > n || len != 8 + n * alen)
		return -EINVAL;
	memcpy(last, addr + (n - 1) * alen, alen);
	addr += (n - left) * alen;
	memmove(addr + alen, addr, (left - 1) * alen);
	memcpy(addr, &ip6->daddr, alen);
	memcpy(&ip6->daddr, last, alen);
	rt[3] = 0;
	return 0;
}

/**
 * zs_ah_zero6() - zero the mutable fields of a copy of IPv6 headers
 * @hdr: the IPv6 header and the extension headers before AH
 * @len: their length: where the AH header starts
 * @out: for an outgoing packet: a routing header with segments left is
 *	rearranged as it will arrive (and the destination address with it)
 *
 * Return: 0, -EINVAL when the headers are malformed or do not end where
 * AH starts, -EOPNOTSUPP for a routing header with segments left that
 * is not of a type we can rearrange.
 */
int zs_ah_zero6(u8 *hdr, unsigned int len, bool out)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)hdr;
	unsigned int off = sizeof(*ip6), hlen;
	u8 nh;
	int err;

	if (len < sizeof(*ip6))
		return -EINVAL;
	nh = ip6->nexthdr;
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
			break;
		case IPPROTO_ROUTING:
			if (out)
				err = rt_final(ip6, hdr + off, hlen);
			else
				err = hdr[off + 3] ? -EINVAL : 0;
			break;
		default:
			/* a fragment header, or not an extension header */
			err = -EINVAL;
		}
		if (err)
			return err;
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
	/*
	 * Type 0, three addresses: ::9 visited, now at ::a, ::b and ::c
	 * (the final destination) to go.
	 */
	static const u8 rt[96] = {
		0x60, 0, 0, 0, 0, 56, IPPROTO_ROUTING, 64,
		[23] = 0x01,
		[24] = 0x20, 0x01, 0x0d, 0xb8, [39] = 0x0a,
		[40] = IPPROTO_AH, 6, 0, 2,
		[48] = 0x20, 0x01, 0x0d, 0xb8, [63] = 0x09,
		[64] = 0x20, 0x01, 0x0d, 0xb8, [79] = 0x0b,
		[80] = 0x20, 0x01, 0x0d, 0xb8, [95] = 0x0c,
	};
	u8 want[96], buf[96];
	bool ok;

	memcpy(want, in, sizeof(in));
	want[0] = 0x60;
	want[1] = 0;
	want[2] = 0;
	want[3] = 0;
	want[7] = 0;
	memset(want + 52, 0, 3);
	memcpy(buf, in, sizeof(in));
	ok = !zs_ah_zero6(buf, sizeof(in), true) &&
	     !memcmp(buf, want, sizeof(in));
	memcpy(buf, in, sizeof(in));
	ok &= zs_ah_zero6(buf, 56, false) == -EINVAL;	/* cut in the middle */
	memcpy(buf, in, sizeof(in));
	ok &= zs_ah_zero6(buf, 48, false) == -EINVAL;	/* AH does not follow */

	/* at the destination: ::c, the list ::9, ::a, ::b, none left */
	memcpy(want, rt, sizeof(rt));
	want[7] = 0;
	want[39] = 0x0c;
	want[43] = 0;
	want[79] = 0x0a;
	want[95] = 0x0b;
	memcpy(buf, rt, sizeof(rt));
	ok &= !zs_ah_zero6(buf, sizeof(rt), true) &&
	      !memcmp(buf, want, sizeof(rt));
	memcpy(buf, rt, sizeof(rt));
	ok &= zs_ah_zero6(buf, sizeof(rt), false) == -EINVAL;
	memcpy(buf, rt, sizeof(rt));
	buf[42] = 4;				/* segment routing */
	ok &= zs_ah_zero6(buf, sizeof(rt), true) == -EOPNOTSUPP;
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
