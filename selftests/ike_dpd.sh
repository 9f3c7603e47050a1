#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Liveness checks (RFC 7296 2.4) and peer restart, Linux XFRM backend
# (ike_dpd_zonesec.sh: the same on the zonesec module):
#
#     ns a (zonesecd, start = load,            ns b (zonesecd, start = wait)
#           dpd_delay 3 s, dpd_action restart)
#     lo 192.0.2.129/32                         lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
#   1. Tunnel up, ping through it.  While ESP from b keeps arriving (a
#      ping every 0.2 s; counters read over three dpd_delay periods), a
#      sends no liveness check: its inbound SA's counter moved (daemon
#      counters, and not one UDP datagram out of ns a).  Once idle, a's liveness
#      checks go out and get answers while b lives.
#   2. b is killed (SIGKILL, no delete) and its kernel state flushed, as
#      a rebooted gateway's would be; a keeps sending (ping): outbound
#      ESP is no sign of life, a's check goes out unanswered, a declares
#      b dead after the back-off (log line), tears its SAs and policies
#      down, and initiates again.
#   3. b comes back: a's retries reach it, the tunnel is up again and
#      traffic flows.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"

export PSK="zonesec dpd psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}

require_root
require_cmd ip ping
ike_require

ike_topology ike_dpd
IKE_KERNEL=${ZS_DPD_KERNEL:-xfrm}
if [[ $IKE_KERNEL == zonesec ]]; then
	# shellcheck source=selftests/lib_ipsec.sh
	source "$(dirname "$0")/lib_ipsec.sh"
	zonesec_load || die "module"
fi

conf a a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 load \
	"dpd_delay = 3" "dpd_action = restart"
conf b b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait \
	"dpd_delay = 0"

start_ready "$NS_B" b
start "$NS_A" a
check "1: tunnel up within ${WAIT_UP}s" wait_for "$WAIT_UP" both_up
check "1: ping through the tunnel" ping_through

# UDP datagrams sent from ns a so far (only zonesecd sends any)
udp_out() {
	udp_stat "$NS_A" OutDatagrams
}
# pings every 0.2 s for 30 s; the counters are read while they flow
ip netns exec "$NS_A" ping -c 150 -i 0.2 -W 3 -q 192.0.2.130 >"$DIR/ping1" 2>&1 &
pinger=$!
sleep 3
dpd0=$(zsd_stat a dpd_sent)
skip0=$(zsd_stat a dpd_skipped_esp)
udp0=$(udp_out)
sleep 9		# three dpd_delay periods
check_eq "1: ESP from b kept arriving: no liveness check sent by a" \
	"$(zsd_stat a dpd_sent)" "$dpd0"
check_eq "1: ... not one UDP datagram out of ns a" "$(udp_out)" "$udp0"
check_match "1: ... a found them unneeded (ESP counters moved), 2 or more" \
	"$(($(zsd_stat a dpd_skipped_esp) - skip0))" '^([2-9]|[1-9][0-9]+)$'
check "1: 150 pings through the tunnel, all answered" wait "$pinger"
dpd0=$(zsd_stat a dpd_sent)
udp0=$(udp_out)
sleep 8
check_match "1: idle: a's daemon counted liveness checks sent" \
	"$(($(zsd_stat a dpd_sent) - dpd0))" '^[1-9][0-9]*$'
check_match "1: ... and they went out on the wire (UDP datagrams)" \
	"$(($(udp_out) - udp0))" '^[1-9][0-9]*$'
check_match "1: a sent liveness checks and b answered (a still up)" \
	"$(count 'liveness check' "$DIR/a.log") $(states "$NS_A")" '^[1-9][0-9]* 2$'

printf '+ kill -KILL %s (b)\n' "${PID[b]}"
kill -KILL "${PID[b]}"
wait "${PID[b]}" 2>/dev/null
unset "PID[b]"
if [[ $IKE_KERNEL == zonesec ]]; then
	run_cmd "$ZONESEC" -n "$NS_B" sa flush
	run_cmd "$ZONESEC" -n "$NS_B" policy flush
else
	run_cmd ip -n "$NS_B" xfrm state flush
	run_cmd ip -n "$NS_B" xfrm policy flush
fi
skip0=$(zsd_stat a dpd_skipped_esp)
# a keeps sending ESP; none comes back
ip netns exec "$NS_A" ping -c 20 -i 0.5 -W 1 -q 192.0.2.130 >/dev/null 2>&1 &
pinger=$!
# dpd_delay 3 s, then retransmissions for 63 s
check "2: a declares b dead within 120 s (3 s + 63 s of retransmissions)" \
	wait_for 120 grep -q 'declared dead' "$DIR/a.log"
check_eq "2: a's outbound ESP held no liveness check back" \
	"$(($(zsd_stat a dpd_skipped_esp) - skip0))" 0
check "2: a tore its SAs and policies down" wait_for 5 ns_clean "$NS_A"
wait "$pinger"
check "2: a initiates again" wait_for 5 grep -q 'tearing down and initiating again' "$DIR/a.log"

cp "$DIR/b.conf" "$DIR/b2.conf"
start "$NS_B" b2
check "3: tunnel up again within 60 s of b's restart" wait_for 60 both_up
check "3: ping through the new tunnel" ping_through
check "3: a exits 0 on SIGTERM" stop a
check "3: b exits 0 on SIGTERM" stop b2
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a.log" "$DIR/b.log" "$DIR/b2.log"
fi
