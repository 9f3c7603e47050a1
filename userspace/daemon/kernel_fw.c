// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The config's [firewall] into the zonesec module: every zone and rule in
 * one FW_LOAD, which the module applies whole or not at all, so that a
 * refused rule set leaves the running one in place.
 */
#include <errno.h>
#include <stdio.h>

#include "conf.h"
#include "fwparse.h"
#include "kernel.h"
#include "libzonesec.h"

int kernel_fw_load(const struct zs_conf *c, char *err, size_t len)
{
	struct zs_sock *sock;
	struct zs_error e;
	int ret;

	if (!c->fw)
		return 0;
	ret = zs_sock_open(&sock, &e);
	if (!ret) {
		ret = zs_fw_load(sock, c->fw->zones, c->fw->n_zones,
				 c->fw->rules, c->fw->n_rules, &e);
		zs_sock_close(sock);
	}
	if (ret)
		snprintf(err, len, "[firewall]: %s", e.msg);
	return ret;
}
