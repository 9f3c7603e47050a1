/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shims for the kernels zonesec builds against, force-included into every
 * file by Kbuild so that the rest of the module reads as upstream code.
 * Keep each shim next to the version test that needs it; drop it when the
 * oldest supported kernel catches up.
 *
 * Supported: Linux 6.1 and later (Debian 12's 6.1 and 6.12). Today both
 * agree on everything the module uses, so there is no shim yet:
 *  - net->net_cookie is a plain u64, set once at namespace creation;
 *  - struct genl_ops with a per-op policy works on both (6.12 turns it
 *    into split ops internally), as does strict validation of families
 *    that leave resv_start_op at zero.
 */
#ifndef _ZS_COMPAT_H
#define _ZS_COMPAT_H

#endif /* _ZS_COMPAT_H */
