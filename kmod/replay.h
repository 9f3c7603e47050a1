/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Anti-replay window (RFC 4303 3.4.3, with 64-bit extended sequence
 * numbers as in its Appendix A), one per inbound SA.
 */
#ifndef _ZS_REPLAY_H
#define _ZS_REPLAY_H

#include <linux/types.h>

/**
 * struct zs_replay - the window
 * @top: highest sequence number verified so far (0: none yet)
 * @window: size in packets, 0 (no check) to ZONESEC_REPLAY_WINDOW_MAX
 * @esn: 64-bit sequence numbers, of which the wire carries the low half
 * @nbits: bits in @bitmap, a power of two and at least @window + 64
 * @bitmap: bit (seq % @nbits) set when seq was seen (RFC 6479 layout:
 *	advancing clears whole words instead of shifting)
 *
 * Callers serialise zs_replay_advance() (the SA's lock); zs_replay_check()
 * may run without it as a cheap pre-check before the crypto.
 */
struct zs_replay {
	u64 top;
	u32 window;
	bool esn;
	u32 nbits;
	unsigned long *bitmap;
};

int zs_replay_init(struct zs_replay *r, u32 window, bool esn, u64 top);
void zs_replay_destroy(struct zs_replay *r);
u64 zs_replay_infer(const struct zs_replay *r, u32 seq_lo);
bool zs_replay_check(const struct zs_replay *r, u64 seq);
bool zs_replay_advance(struct zs_replay *r, u64 seq);

#ifdef CONFIG_ZONESEC_DEBUG
bool zs_replay_selftest(void);
#else
static inline bool zs_replay_selftest(void)
{
	return true;
}
#endif

#endif /* _ZS_REPLAY_H */
