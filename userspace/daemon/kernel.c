// SPDX-License-Identifier: GPL-2.0-or-later
/* Backend selection by the config's `kernel =` word. */
#include <string.h>

#include "kernel.h"

const struct kernel_ops *kernel_lookup(const char *name, const char **why)
{
	if (!strcmp(name, "auto"))
		return kernel_zonesec_present() ? &kernel_zonesec_ops
						: &kernel_xfrm_ops;
	if (!strcmp(name, "xfrm"))
		return &kernel_xfrm_ops;
	if (!strcmp(name, "zonesec"))
		return &kernel_zonesec_ops;
	if (!strcmp(name, "fake"))
		return &kernel_fake_ops;
	*why = "unknown kernel backend (auto, zonesec, xfrm)";
	return NULL;
}
