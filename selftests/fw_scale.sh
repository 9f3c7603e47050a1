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
# Topology, rule sets and the rate measurement come from lib_fw_scale.sh,
# which make bench (bench/fw.sh) shares: untracked UDP, so every packet
# meets the rules, and the matching rule is the last one.  Rates are
# reported, not judged (a benchmark under TCG varies by 40% run to run);
# the test fails only if traffic does not pass or a set does not load.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_fw_scale.sh
source "$(dirname "$0")/lib_fw_scale.sh"

require_root
require_cmd iperf3 nft

tmp=$(mktemp -d)
defer rm -rf "$tmp"

zonesec_load || exit
fw_scale_topology NS_C NS_GW NS_S "$tmp" || die "topology"
declare -A pps
for n in 10 1000 10000; do
	fw_zs_file "$n" >"$tmp/zs.$n"
	t0=${EPOCHREALTIME/[.,]/}
	check "zonesec loads $n rules in one request" \
		"$ZONESEC" -n "$NS_GW" fw load "$tmp/zs.$n"
	t1=${EPOCHREALTIME/[.,]/}
	log_info "# zonesec: $n rules loaded in $(((t1 - t0) / 1000)) ms"
	pps[zs$n]=$(fw_rate "$NS_C")
	check_match "traffic passes with $n zonesec rules (${pps[zs$n]} pps)" "${pps[zs$n]}" '^[1-9][0-9]*$'
done
last=$("$ZONESEC" -n "$NS_GW" -j rule show | "$ZS_PYTHON" -c '
import json, sys
r = json.load(sys.stdin)[-1]
print(r["position"], r["packets"] > 0)')
check_eq "the last of 10000 rules matched the packets" "$last" "10000 True"
check "flush" "$ZONESEC" -n "$NS_GW" fw flush

for n in 10 1000 10000; do
	fw_nft_file "$n" >"$tmp/nft.$n"
	t0=${EPOCHREALTIME/[.,]/}
	check "nftables loads $n rules" ip netns exec "$NS_GW" nft -f "$tmp/nft.$n"
	t1=${EPOCHREALTIME/[.,]/}
	log_info "# nftables: $n rules loaded in $(((t1 - t0) / 1000)) ms"
	pps[nft$n]=$(fw_rate "$NS_C")
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
