#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Events on the "events" group, seen by `zonesec monitor`:
#
#   1. ACQUIRE: packets under a protect policy without an SA; one event
#      for a burst (at most one per policy and second);
#   2. EXPIRE soft then hard by time since the SA was added; the hard one
#      removes the SA;
#   3. EXPIRE soft then hard by packets sent through the SA (a hard limit
#      reached before the soft one was reported is reported alone).
#
#   [a] 192.0.2.1 eth0 ---- eth0 192.0.2.2 [b]   (b has no IPsec: what a
#   sends protected is dropped there, which is all this test needs)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping timeout /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly A=192.0.2.1 B=192.0.2.2

setup_ns NS_A NS_B
zonesec_load
veth_link "$NS_A" eth0 "$NS_B" eth0
addr_add "$NS_A" eth0 $A/24
addr_add "$NS_B" eth0 $B/24

tmp=$(mktemp -d)
defer rm -rf "$tmp"

# Five events expected; the monitor exits after them, or is killed.
timeout 60 "$ZONESEC" -n "$NS_A" -j monitor count 5 >"$tmp/events" 2>&1 &
mon=$!
defer kill "$mon"
sleep 2		# joined the group (a second is enough; TCG is slow)

# events_seen N: wait up to 10 s for N lines
events_seen() {
	local i
	for i in $(seq 100); do
		(($(wc -l <"$tmp/events") >= $1)) && return 0
		sleep 0.1
	done
	return 1
}

check "policy out, protect, no SA" zs "$NS_A" policy add src $A dst $B \
	dir out tmpl proto esp reqid 7 mode transport
check_fail "ping: no SA, dropped" ns_run "$NS_A" ping -c 3 -i 0.2 -W 1 $B
check "one ACQUIRE for the burst" events_seen 1
sleep 0.5
check_eq "only one" "$(wc -l <"$tmp/events")" 1
zs_check_match "ACQUIRE names the policy and template" "$(sed -n 1p "$tmp/events")" \
	'"event":"acquire".*"dir":"out".*"tmpl":\{"proto":"esp","mode":"transport","reqid":7'

check "an SA with time limits" zs "$NS_A" sa add src $A dst $B proto esp \
	spi 0x7001 reqid 9 aead 'rfc4106(gcm(aes))' "$KEY_GCM128" 128 \
	limit time-soft 1 limit time-hard 3
check "EXPIRE soft, then hard" events_seen 3
zs_check_match "the soft one" "$(sed -n 2p "$tmp/events")" \
	'"event":"expire","kind":"soft","sa":\{.*"spi":28673'
zs_check_match "the hard one" "$(sed -n 3p "$tmp/events")" \
	'"event":"expire","kind":"hard","sa":\{.*"spi":28673'
check_fail "the hard limit removed the SA" \
	"$ZONESEC" -n "$NS_A" sa get dst $B proto esp spi 0x7001

check "an SA with packet limits" zs "$NS_A" sa add src $A dst $B proto esp \
	spi 0x7002 reqid 7 aead 'rfc4106(gcm(aes))' "$KEY_GCM128" 128 \
	limit packet-soft 2 limit packet-hard 4
check_fail "2 pings through it (b drops ESP)" ns_run "$NS_A" ping -c 2 -i 0.2 -W 1 $B
check "EXPIRE soft by packets" events_seen 4
check_fail "3 more" ns_run "$NS_A" ping -c 3 -i 0.2 -W 1 $B
check "EXPIRE hard by packets" events_seen 5
zs_check_match "the soft one" "$(sed -n 4p "$tmp/events")" \
	'"kind":"soft","sa":\{.*"spi":28674.*"packets-out":[2-9]'
zs_check_match "the hard one" "$(sed -n 5p "$tmp/events")" \
	'"kind":"hard","sa":\{.*"spi":28674'
cat "$tmp/events"
check "the monitor stopped after five" wait "$mon"
check_eq "the SA is gone" "$("$ZONESEC" -n "$NS_A" -j sa show | json_len)" 0
