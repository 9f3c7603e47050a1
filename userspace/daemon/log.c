// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <syslog.h>

#include "log.h"

enum zs_log_level zs_log_max = ZS_LOG_WARN;
static bool use_syslog;

void zs_log_use_syslog(void)
{
	openlog("zonesecd", LOG_PID, LOG_DAEMON);
	use_syslog = true;
}

void zs_log(enum zs_log_level lvl, const char *fmt, ...)
{
	static const char *const tag[] = { "error", "warning", "info", "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	va_list ap;

	if (lvl > zs_log_max)
		return;
	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio[lvl], fmt, ap);
	} else {
		fprintf(stderr, "zonesecd: %s: ", tag[lvl]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
