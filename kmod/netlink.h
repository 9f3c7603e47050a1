/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zonesec generic netlink family.
 */
#ifndef _ZS_NETLINK_H
#define _ZS_NETLINK_H

#include <linux/init.h>
#include <net/genetlink.h>

int __init zs_netlink_init(void);
void zs_netlink_uninit(void);

#endif /* _ZS_NETLINK_H */
