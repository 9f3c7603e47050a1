// SPDX-License-Identifier: GPL-2.0-or-later
/* Error reporting: one struct carries the code and a one-line message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "libzonesec.h"

int zs_error_set(struct zs_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	err->bad_off = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

/* "what: strerror(code)", code being a negative errno. */
int zs_error_errno(struct zs_error *err, int code, const char *what)
{
	return zs_error_set(err, code, "%s: %s", what, strerror(-code));
}
