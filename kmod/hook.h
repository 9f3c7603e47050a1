/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netfilter hooks: where packets meet the SPD and the SAD.
 */
#ifndef _ZS_HOOK_H
#define _ZS_HOOK_H

struct net;

int zs_hook_net_init(struct net *net);
void zs_hook_net_exit(struct net *net);

#endif /* _ZS_HOOK_H */
