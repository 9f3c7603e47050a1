// SPDX-License-Identifier: GPL-2.0-or-later
/* Levelled logging to stderr (foreground) or syslog. */
#ifndef ZS_LOG_H
#define ZS_LOG_H

enum zs_log_level { ZS_LOG_ERR, ZS_LOG_WARN, ZS_LOG_INFO, ZS_LOG_DEBUG };

extern enum zs_log_level zs_log_max;

void zs_log_use_syslog(void);
void zs_log(enum zs_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)	zs_log(ZS_LOG_ERR, __VA_ARGS__)
#define log_warn(...)	zs_log(ZS_LOG_WARN, __VA_ARGS__)
#define log_info(...)	zs_log(ZS_LOG_INFO, __VA_ARGS__)
#define log_debug(...)	zs_log(ZS_LOG_DEBUG, __VA_ARGS__)

#endif /* ZS_LOG_H */
