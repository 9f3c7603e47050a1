#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload zonesec in a loop.  Each round: the family answers INFO,
# a namespace created and destroyed while the module is loaded goes
# through its pernet init and exit, and after rmmod the family is gone.
# The runner fails the test on any WARNING, BUG or leak in dmesg.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-10}

require_root

for round in $(seq "$ROUNDS"); do
	zonesec_load || break
	[ -d /sys/module/zonesec ] || { log_fail "round $round: not in /sys/module"; break; }

	out=$("$ZONESEC" -j info 2>&1) ||
		{ log_fail "round $round: info failed: $out"; zonesec_unload; break; }

	ns=zs-load-$$-$round
	ip netns add "$ns"
	if ! ip netns exec "$ns" "$ZONESEC" info >/dev/null; then
		log_fail "round $round: info in a new namespace failed"
	fi
	ip netns del "$ns"

	zonesec_unload || break
	if "$ZONESEC" info >/dev/null 2>&1; then
		log_fail "round $round: family still answers after rmmod"
		break
	fi
done
check_match "$ROUNDS load/unload rounds" "$round" "^$ROUNDS\$"

# A namespace that outlives one module load must not keep stale state.
ns=zs-keep-$$
ip netns add "$ns"
defer ip netns del "$ns"
zonesec_load
ip netns exec "$ns" "$ZONESEC" info >/dev/null ||
	log_fail "info in a namespace made before the load"
zonesec_unload
zonesec_load
ip netns exec "$ns" "$ZONESEC" info >/dev/null ||
	log_fail "info in the same namespace after a reload"
zonesec_unload

