/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netfilter hooks: where packets meet the SPD and the SAD.
 */
#ifndef _ZS_HOOK_H
#define _ZS_HOOK_H

#include <linux/types.h>

struct net;
struct sk_buff;

int zs_hook_net_init(struct net *net);
void zs_hook_net_exit(struct net *net);
bool zs_hook_rx_reqid(const struct sk_buff *skb, u32 *reqid);
/* before the first namespace registers its hooks (hook_steer.c) */
void zs_steer_init(void);

#endif /* _ZS_HOOK_H */
