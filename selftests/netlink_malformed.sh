#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed generic netlink requests are refused whole with an extack
# message, and the family keeps serving.  The checks are in
# netlink_malformed.c (raw libmnl, not our client library); this wrapper
# loads the module around them.

source "$(dirname "$0")/lib.sh"

require_root
[ -x "$SELFTESTS_DIR/netlink_malformed" ] ||
	ksft_skip_now "netlink_malformed is not built (make -C selftests)"

zonesec_load
"$SELFTESTS_DIR/netlink_malformed"
