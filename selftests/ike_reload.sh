#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `zonesec reload` of a changed and of an unchanged tunnel, Linux XFRM:
#
#     ns a (zonesecd, start = load)             ns b (zonesecd, start = wait)
#     lo 192.0.2.129/32                         lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
#   1. Tunnel up, ping.  a reloads a file whose tunnel differs only in
#      its timers (dpd_delay, rekey_time): the same IKE SA and child SA
#      stay (SPIs from `zonesec tunnel show -j`), traffic flows.
#   2. Both change the PSK: b reloads (its SA is deleted, a told), then a
#      reloads: a new IKE SA under the new PSK (new SPIs), traffic flows,
#      one SA pair on each side.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"

export PSK="zonesec reload psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}

require_root
require_cmd ip ping
ike_require

ike_topology ike_reload

conf_a() { conf a a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 load "$@"; }
conf_b() { conf b b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait "$@"; }
conf_a "dpd_delay = 30"
conf_b "dpd_delay = 0"

# show NAME FIELD: one field of the tunnel in `zonesec tunnel show -j`
show() {
	ZONESEC_CONTROL=$DIR/$1.sock "$ZONESEC" tunnel show -j |
		"$ZS_PYTHON" -c 'import json, sys; t = json.load(sys.stdin)[0]
f = sys.argv[1].split(".")
v = t.get(f[0], {})
print(v.get(f[1]) if len(f) > 1 else v)' "$2"
}
reload() {
	run_cmd env ZONESEC_CONTROL="$DIR/$1.sock" "$ZONESEC" reload
}

start_ready "$NS_B" b
start "$NS_A" a
check "1: tunnel up within ${WAIT_UP}s" wait_for "$WAIT_UP" both_up
check "1: ping through the tunnel" ping_through
ike0=$(show a ike_spi)
child0=$(show a sa_in.spi)
check_match "1: a shows its IKE SA and child SA" "$ike0 $child0" '^[0-9a-f]{16} [1-9][0-9]*$'

conf_a "dpd_delay = 20" "rekey_time = 100"
check "1: a reloads a file with new timers only" reload a
sleep 3
check_eq "1: the same IKE SA and child SA after the reload" \
	"$(show a ike_spi) $(show a sa_in.spi)" "$ike0 $child0"
check "1: ping through the tunnel" ping_through
check_eq "1: one IKE SA established on a, all along" \
	"$(count 'IKE SA with .* established' "$DIR/a.log")" 1

PSK="zonesec reload psk, the new one" conf_b "dpd_delay = 0"
PSK="zonesec reload psk, the new one" conf_a "dpd_delay = 20"
check "2: b reloads a new PSK" reload b
check "2: b renegotiates (its log)" wait_for 5 \
	grep -q 'configuration changed: renegotiating' "$DIR/b.log"
check "2: a reloads the new PSK" reload a
check "2: tunnel up again within ${WAIT_UP}s" wait_for "$WAIT_UP" both_up
check "2: ping through the new tunnel" ping_through
ike1=$(show a ike_spi)
child1=$(show a sa_in.spi)
check_match "2: a new IKE SA and a new child SA" "$ike1 $child1" '^[0-9a-f]{16} [1-9][0-9]*$'
check "2: ... not the old ones" test "$ike1" != "$ike0" -a "$child1" != "$child0"
check_eq "2: b: one IKE SA established" "$(zsd_stat b ike_sas_established)" 1
check_eq "2: nothing failed authentication" \
	"$(zsd_stat a auth_failed) $(zsd_stat b auth_failed)" "0 0"
check "2: a exits 0 on SIGTERM" stop a
check "2: b exits 0 on SIGTERM" stop b
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a.log" "$DIR/b.log"
fi
