#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# COOKIEs under load (RFC 7296 2.6), Linux XFRM backend:
#
#     ns a (zonesecd, responder,               ns b (zonesecd, then charon,
#           cookie_threshold = 1)                    initiators)
#     lo 192.0.2.129/32                         lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
#   1. Floods of IKE_SA_INIT: 200 spoofed from random addresses of
#      192.0.2.0/25 (no tunnel: dropped, no state), then 200 from b's
#      address with fresh SPIs: one half-open SA at most, every other
#      request answered with a COOKIE, the daemon still serving.
#   2. zonesecd b initiates while a half-open SA lingers: it is asked for
#      a COOKIE, comes back with it, and the tunnel comes up; ping.
#   3. The same with strongSwan's charon as the initiator (interop).
# The daemon's own counters (the control socket's `stats`) are asserted.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"

FLOOD=$ZS_LIB_DIR/ike_initflood.py
export PSK="zonesec cookie psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}

require_root
require_cmd ip ping
ike_require charon
"$ZS_PYTHON" -c 'import scapy' 2>/dev/null || skip "needs python3-scapy"

ike_topology ike_cookie

GLOBAL_EXTRA="cookie_threshold = 1" \
conf a a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 wait \
	"dpd_delay = 0"
conf b b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 load \
	"dpd_delay = 0"

stat() {
	zsd_stat a "$1"
}
flood() {	# flood SRC COUNT: from ns b
	run_cmd ip netns exec "$NS_B" "$ZS_PYTHON" "$FLOOD" "$1" 192.0.2.1 "$2"
	sleep 1		# let a read them all
}

start "$NS_A" a
check "a's control socket is up" wait_for 10 test -S "$DIR/a.sock"

# ---- 1: floods
flood 192.0.2.0/25 200
check_eq "1: spoofed from addresses without a tunnel: 200 dropped" \
	"$(stat 'drops.no tunnel for the peer')" 200
check_eq "1: ... and no half-open SA for them" "$(stat half_open_peak)" 0
flood 192.0.2.2 200
check_eq "1: 200 from b's address: one half-open SA at most" \
	"$(stat half_open_peak) $(stat half_open)" "1 1"
# the flood outruns the daemon under TCG: count what the kernel dropped
cookies=$(stat cookies_sent)
check_eq "1: ... a COOKIE for each of the other 199 that reached a (the rest: UDP receive buffer full)" \
	"$((cookies + $(udp_stat "$NS_A" RcvbufErrors)))" 199
check_match "1: ... at least 100 COOKIEs" "$cookies" '^(1[0-9][0-9])$'
check_eq "1: ... no SA but that one" "$(stat ike_sas)" 1
check "1: a still runs" kill -0 "${PID[a]}"

# ---- 2: zonesecd through the COOKIE round trip
# a half-open SA lives 30 s: one fresh one (the flood's may have gone)
flood 192.0.2.2 1
check_eq "2: one half-open SA before b starts" "$(stat half_open)" 1
cookies=$(stat cookies_sent)
start "$NS_B" b
check "2: zonesecd b: tunnel up within ${WAIT_UP}s" wait_for "$WAIT_UP" both_up
check "2: b was asked for a COOKIE and came back with it" \
	grep -q 'responder asks for a cookie' "$DIR/b.log"
check_eq "2: a sent one more COOKIE (b's first IKE_SA_INIT)" \
	"$(stat cookies_sent)" $((cookies + 1))
check "2: ping through the tunnel" ping_through
check_eq "2: a: one established IKE SA" "$(stat ike_sas_established)" 1
check "2: b exits 0 on SIGTERM" stop b
check "2: b's delete reached a: no SA left" wait_for 10 \
	test "$(states "$NS_A")" == 0

# ---- 3: charon through the COOKIE round trip
charon_etc "$NS_B"
charon_conn zs a.example | charon_conf a.example
charon_start "3: "
# a half-open SA again (the flood's may have timed out): one more request
flood 192.0.2.2 3
check_eq "3: one half-open SA before charon starts" "$(stat half_open)" 1
cookies=$(stat cookies_sent)
check "3: charon initiates" swanctl_b --initiate --child zs-net --timeout 60
check "3: charon: tunnel up within ${WAIT_UP}s" wait_for "$WAIT_UP" charon_up
check_eq "3: a sent charon one COOKIE" "$(stat cookies_sent)" $((cookies + 1))
check "3: charon got the COOKIE (its log)" grep -qi 'cookie' "$DIR/charon.log"
check "3: ping through the tunnel to charon" ping_through
check "3: a still runs" kill -0 "${PID[a]}"
check "3: a exits 0 on SIGTERM" stop a
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a.log" "$DIR/b.log" "$DIR/charon.log"
fi
