// SPDX-License-Identifier: GPL-2.0
/*
 * The anti-replay window: a bitmap indexed by sequence number modulo its
 * size (RFC 6479), so moving the window clears whole words rather than
 * shifting the map. Sequence numbers are 64-bit throughout; without ESN
 * their high half stays zero.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/slab.h>

#include "replay.h"

int zs_replay_init(struct zs_replay *r, u32 window, bool esn, u64 top)
{
	r->window = window;
	r->esn = esn;
	r->top = top;
	r->nbits = roundup_pow_of_two(ALIGN(window, BITS_PER_LONG) +
				      BITS_PER_LONG);
	r->bitmap = bitmap_zalloc(r->nbits, GFP_KERNEL);
	return r->bitmap ? 0 : -ENOMEM;
}

void zs_replay_destroy(struct zs_replay *r)
{
	bitmap_free(r->bitmap);
	r->bitmap = NULL;
}

/**
 * zs_replay_infer() - the full sequence number of a packet
 * @r: the window
 * @seq_lo: the 32 bits the packet carries
 *
 * With ESN, the high half is the one that puts @seq_lo closest to the
 * window (RFC 4303 Appendix A2.2); a packet behind the window in the
 * next subspace is then simply "new". Unauthenticated: the caller
 * verifies the ICV with this value before it trusts it.
 *
 * Return: the 64-bit sequence number.
 */
u64 zs_replay_infer(const struct zs_replay *r, u32 seq_lo)
{
	u32 th = upper_32_bits(r->top), tl = lower_32_bits(r->top);
	u32 w = max_t(u32, r->window, 1);
	u32 bl = tl - w + 1;

	if (!r->esn)
		return seq_lo;
	if (tl >= w - 1) {
		/* the window lies within one subspace */
		if (seq_lo >= bl)
			return (u64)th << 32 | seq_lo;
		return (u64)(th + 1) << 32 | seq_lo;
	}
	/* the window spans two subspaces */
	if (seq_lo >= bl && th)
		return (u64)(th - 1) << 32 | seq_lo;
	return (u64)th << 32 | seq_lo;
}

/* Return: true if @seq may be new (not yet seen, not behind the window). */
bool zs_replay_check(const struct zs_replay *r, u64 seq)
{
	u64 top = READ_ONCE(r->top);

	if (!seq)
		return false;
	if (!r->window || seq > top)
		return true;
	if (top - seq >= r->window)
		return false;
	return !test_bit(seq & (r->nbits - 1), r->bitmap);
}

/**
 * zs_replay_advance() - record an authenticated sequence number
 * @r: the window, under the SA's lock
 * @seq: the number, verified by the ICV
 *
 * Return: false if @seq turned out to be a replay after all (another CPU
 * verified the same number meanwhile), true if it was recorded.
 */
bool zs_replay_advance(struct zs_replay *r, u64 seq)
{
	unsigned int words = r->nbits / BITS_PER_LONG;
	u64 w, from, to;

	if (!r->window) {
		if (seq > r->top)
			WRITE_ONCE(r->top, seq);
		return true;
	}
	if (seq > r->top) {
		/* clear the words the window moves into, at most all */
		from = r->top / BITS_PER_LONG + 1;
		to = seq / BITS_PER_LONG;
		if (to - from + 1 >= words)
			from = to - words + 1;
		for (w = from; w <= to && from <= to; w++)
			r->bitmap[w & (words - 1)] = 0;
		WRITE_ONCE(r->top, seq);
	} else if (r->top - seq >= r->window) {
		return false;
	}
	return !__test_and_set_bit(seq & (r->nbits - 1), r->bitmap);
}

#ifdef CONFIG_ZONESEC_DEBUG
/* Pure logic, checked at module load in debug builds (STYLE.md 8). */
bool zs_replay_selftest(void)
{
	struct zs_replay r;
	bool ok = true;
	u64 s;

	if (zs_replay_init(&r, 64, false, 0))
		return false;
	ok &= zs_replay_check(&r, 1) && zs_replay_advance(&r, 1);
	ok &= !zs_replay_check(&r, 1) && !zs_replay_advance(&r, 1);
	ok &= zs_replay_advance(&r, 100);
	ok &= zs_replay_check(&r, 40) && zs_replay_advance(&r, 40);
	ok &= !zs_replay_check(&r, 36);		/* 100 - 36 = 64: too old */
	ok &= !zs_replay_check(&r, 0);
	ok &= zs_replay_advance(&r, 100000) && !zs_replay_check(&r, 100);
	zs_replay_destroy(&r);

	if (zs_replay_init(&r, 128, true, 0xfffffff0ULL))
		return false;
	s = zs_replay_infer(&r, 5);		/* just after the wrap */
	ok &= s == 0x100000005ULL;
	ok &= zs_replay_advance(&r, s);
	ok &= zs_replay_infer(&r, 0xfffffffa) == 0xfffffffaULL;
	ok &= zs_replay_check(&r, 0xfffffffaULL);
	zs_replay_destroy(&r);
	if (!ok)
		pr_err("replay window self-test failed\n");
	return ok;
}
#endif
