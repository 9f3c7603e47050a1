// SPDX-License-Identifier: GPL-2.0-or-later
/* Backend selection by the config's `kernel =` word. */
#include <string.h>

#include "kernel.h"

const struct kernel_ops *kernel_lookup(const char *name, const char **why)
{
	if (!strcmp(name, "xfrm"))
		return &kernel_xfrm_ops;
	if (!strcmp(name, "fake"))
		return &kernel_fake_ops;
	if (!strcmp(name, "zonesec")) {
		*why = "kernel = zonesec: not yet: the zonesec module's SA and "
		       "policy operations are not wired into zonesecd; use "
		       "kernel = xfrm";
		return NULL;
	}
	*why = "unknown kernel backend (xfrm, zonesec)";
	return NULL;
}
