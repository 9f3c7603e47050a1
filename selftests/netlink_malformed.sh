#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed generic netlink requests are refused whole with an extack
# message, and the family keeps serving.  The checks are in
# netlink_malformed.c (raw libmnl, not our client library); this wrapper
# loads the module around them.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_root
[ -x "$ZS_LIB_DIR/netlink_malformed" ] ||
	skip "netlink_malformed is not built (make -C selftests)"

zonesec_load
"$ZS_LIB_DIR/netlink_malformed"
