/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shims for the kernels zonesec builds against, force-included into every
 * file by Kbuild so that the rest of the module reads as upstream code.
 * Keep each shim next to the version test that needs it; drop it when the
 * oldest supported kernel catches up.
 *
 * Supported: Linux 6.1 and later (Debian 12's 6.1 and 6.12). Besides the
 * shims below, both agree on:
 *  - net->net_cookie is a plain u64, set once at namespace creation;
 *  - struct genl_ops with a per-op policy works on both (6.12 turns it
 *    into split ops internally), as does strict validation of families
 *    that leave resv_start_op at zero.
 */
#ifndef _ZS_COMPAT_H
#define _ZS_COMPAT_H

#include <linux/version.h>

/*
 * 6.5 moved skb_gso_segment() and friends from netdevice.h to net/gso.h;
 * files that use them "#include ZS_GSO_H". (Not included here: a header
 * included before a file's own pr_fmt would define it first.)
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#define ZS_GSO_H "net/gso.h"
#else
#define ZS_GSO_H "linux/netdevice.h"
#endif

/*
 * Crypto completions: before 6.3 they get the request and read its
 * ->data; since 6.3 they get the data. Write the 6.3 form, fn(void *data,
 * int err), declare ZS_CRYPTO_DONE(fn) after it and pass
 * ZS_CRYPTO_CB(fn) as the callback.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
#define ZS_CRYPTO_DONE(fn)						\
	static void fn##_compat(struct crypto_async_request *base, int err) \
	{								\
		fn(base->data, err);					\
	}
#define ZS_CRYPTO_CB(fn)	fn##_compat
#else
#define ZS_CRYPTO_DONE(fn)
#define ZS_CRYPTO_CB(fn)	fn
#endif

#endif /* _ZS_COMPAT_H */
