#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The zone firewall with 10, 1,000 and 10,000 rules: each set loads in one
# request, the rule that matches is the last one, and the per-packet cost
# is measured against nftables with the same rules in the same guest.
#
#   [c] c0 ── g0 [gw] g1 ── s0 [s]
#   192.0.2.1/25      198.51.100.2/25
#        zone out       zone in
#
# Every UDP packet of the measurement is made to go through the rules:
# an nftables raw-priority "notrack" marks it untracked, so no conntrack
# entry short-cuts the lookup (zonesec evaluates untracked packets like
# NEW ones). The rules are "udp dport P accept" for 1..N-1 other ports,
# then the one iperf3's data uses; the way back (iperf3's UDP hello
# reply) is accepted by the in -> out policy and its nftables twin. Rates are reported, not judged (a
# benchmark under TCG varies by 40% run to run); the test fails only if
# traffic does not pass or a set does not load.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_root
require_cmd iperf3 nft

setup_ns NS_C NS_GW NS_S
zonesec_load || exit
ip_batch "" <<EOF2
link add c0 netns $NS_C type veth peer name g0 netns $NS_GW
link add s0 netns $NS_S type veth peer name g1 netns $NS_GW
EOF2
ip_batch "$NS_C" <<EOF2
addr add 192.0.2.1/25 dev c0
link set c0 up
route add default via 192.0.2.2
EOF2
ip_batch "$NS_S" <<EOF2
addr add 198.51.100.2/25 dev s0
link set s0 up
route add default via 198.51.100.1
EOF2
ip_batch "$NS_GW" <<EOF2
addr add 192.0.2.2/25 dev g0
addr add 198.51.100.1/25 dev g1
link set g0 up
link set g1 up
EOF2
ns_sysctl "$NS_GW" net.ipv4.ip_forward=1

tmp=$(mktemp -d)
defer rm -rf "$tmp"

ns_run "$NS_S" iperf3 -s -D -p 5201 -I "$tmp/iperf3.pid" --logfile "$tmp/iperf3-s.log"
for ((i = 0; i < 100; i++)); do
	[[ -s "$tmp/iperf3.pid" ]] && break
	sleep 0.05
done
defer kill "$(cat "$tmp/iperf3.pid")"

# Untracked UDP: every packet meets the rules.
ns_run "$NS_GW" nft -f - <<EOF2
table inet zsbench_raw {
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		meta l4proto udp notrack
	}
}
EOF2

# zonesec rule set with N rules, the last one the match.
zs_file() {
	awk -v n="$1" 'BEGIN {
		print "zone add out dev g0"
		print "zone add in dev g1"
		print "zone policy from in to out accept"
		print "rule add from out to in proto tcp dport 5201 action accept"
		for (i = 1; i < n - 1; i++)
			printf "rule add from out to in proto udp dport %d action accept\n", 10000 + i
		print "rule add from out to in proto udp dport 5201 action accept"
	}'
}

# The same for nftables, in a forward chain that drops by default.
nft_file() {
	awk -v n="$1" 'BEGIN {
		print "table inet zsbench {"
		print "  chain forward_filter {"
		print "    type filter hook forward priority filter; policy drop;"
		print "    ct state established,related accept"
		print "    tcp dport 5201 accept"
		print "    iifname \"g1\" accept"
		for (i = 1; i < n - 1; i++)
			printf "    udp dport %d accept\n", 10000 + i
		print "    udp dport 5201 accept"
		print "  }"
		print "}"
	}'
}

# rate NAME: UDP packets per second received through the gateway.
rate() {
	local out pps
	out=$(ip netns exec "$NS_C" iperf3 -c 198.51.100.2 -u -l 64 -b 0 \
		-t 3 -J 2>&1)
	pps=$(printf '%s' "$out" | "$ZS_PYTHON" -c '
import json, sys
j = json.load(sys.stdin)
s = j["end"]["sum"]
print(int(s["packets"] - s["lost_packets"]) // 3 if "packets" in s else 0)' 2>/dev/null) || pps=0
	printf '%s' "$pps"
}

declare -A pps
for n in 10 1000 10000; do
	zs_file "$n" >"$tmp/zs.$n"
	t0=${EPOCHREALTIME/[.,]/}
	check "zonesec loads $n rules in one request" \
		"$ZONESEC" -n "$NS_GW" fw load "$tmp/zs.$n"
	t1=${EPOCHREALTIME/[.,]/}
	log_info "# zonesec: $n rules loaded in $(((t1 - t0) / 1000)) ms"
	pps[zs$n]=$(rate)
	check_match "traffic passes with $n zonesec rules (${pps[zs$n]} pps)" "${pps[zs$n]}" '^[1-9][0-9]*$'
done
last=$("$ZONESEC" -n "$NS_GW" -j rule show | "$ZS_PYTHON" -c '
import json, sys
r = json.load(sys.stdin)[-1]
print(r["position"], r["packets"] > 0)')
check_eq "the last of 10000 rules matched the packets" "$last" "10000 True"
check "flush" "$ZONESEC" -n "$NS_GW" fw flush

for n in 10 1000 10000; do
	nft_file "$n" >"$tmp/nft.$n"
	t0=${EPOCHREALTIME/[.,]/}
	check "nftables loads $n rules" ip netns exec "$NS_GW" nft -f "$tmp/nft.$n"
	t1=${EPOCHREALTIME/[.,]/}
	log_info "# nftables: $n rules loaded in $(((t1 - t0) / 1000)) ms"
	pps[nft$n]=$(rate)
	check_match "traffic passes with $n nftables rules (${pps[nft$n]} pps)" "${pps[nft$n]}" '^[1-9][0-9]*$'
	ip netns exec "$NS_GW" nft delete table inet zsbench
done

log_info "# per-packet cost, untracked UDP, 64-byte payloads, packets/s:"
for n in 10 1000 10000; do
	log_info "$(printf '#   %5d rules: zonesec %7d  nftables %7d  zonesec/nftables %s  zonesec %d/10 rules %s' \
		"$n" "${pps[zs$n]}" "${pps[nft$n]}" \
		"$(awk -v a="${pps[zs$n]}" -v b="${pps[nft$n]}" 'BEGIN { printf "%.2f", b ? a / b : 0 }')" \
		"$n" "$(awk -v a="${pps[zs$n]}" -v b="${pps[zs10]}" 'BEGIN { printf "%.2f", b ? a / b : 0 }')")"
done
