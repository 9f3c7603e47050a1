#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Firewall benchmark (issue 3): per-packet cost through a gateway with
# 10, 1,000 and 10,000 rules, zonesec against nftables loaded with the
# same rules (nftables is the anchor).  Topology, rule sets and the
# measurement are fw_scale.sh's (lib_fw_scale.sh):
#
#   [c] c0 ── g0 [gw] g1 ── s0 [s]      one such trio per (implementation,
#   192.0.2.1/25      198.51.100.2/25    rule count): six, loaded once,
#        zone out       zone in          then measured round-robin
#
# Untracked 64-byte UDP as fast as iperf3 sends it; the matching rule is
# the last one.  Fails only when a set does not load or traffic does not
# pass.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=selftests/lib_fw_scale.sh
source "$(dirname "$0")/../lib_fw_scale.sh"
# shellcheck source=selftests/bench/lib_bench.sh
source "$(dirname "$0")/lib_bench.sh"

require_root
require_cmd iperf3 nft
[[ -x "$ZONESEC" ]] || die "no $ZONESEC (make userspace)"

read -r -a COUNTS <<<"${ZONESEC_BENCH_RULES:-10 1000 10000}"
TMP=$(mktemp -d)
defer rm -rf "$TMP"

zonesec_load || exit
bench_meta kernel "$(uname -r)"
bench_meta fw_reps "$BENCH_REPS"

declare -A CLIENT=() BROKEN=()
KEYS=()
for impl in zonesec nftables; do
	for n in "${COUNTS[@]}"; do
		key=${impl:0:2}$n
		fw_scale_topology "NS_C_$key" "NS_GW_$key" "NS_S_$key" "$TMP" || die "topology"
		v=NS_GW_$key gw=${!v}
		v=NS_C_$key CLIENT[$key]=${!v}
		if [[ "$impl" == zonesec ]]; then
			fw_zs_file "$n" >"$TMP/$key"
			cmd=("$ZONESEC" -n "$gw" fw load "$TMP/$key")
		else
			fw_nft_file "$n" >"$TMP/$key"
			cmd=(ip netns exec "$gw" nft -f "$TMP/$key")
		fi
		t0=$(bench_now)
		if check "$impl loads $n rules" "${cmd[@]}"; then
			t1=$(bench_now)
			bench_sample fw_load "$n" "$impl" ms $(((t1 - t0) / 1000))
			KEYS+=("$impl|$n|$key")
		fi
	done
done

for ((rep = 1; rep <= BENCH_REPS; rep++)); do
	log_info "# ---- round $rep of $BENCH_REPS"
	for k in "${KEYS[@]}"; do
		IFS='|' read -r impl n key <<<"$k"
		[[ -z "${BROKEN[$key]:-}" ]] || continue
		pps=$(fw_rate "${CLIENT[$key]}" "$BENCH_TIME")
		if check_match "fw $impl, $n rules: traffic passes ($pps pkt/s)" "$pps" '^[1-9][0-9]*$'; then
			bench_sample fw "$n" "$impl" pps "$pps"
			log_info "# fw $impl, $n rules: $pps pkt/s"
		else
			BROKEN[$key]=1
		fi
	done
done

# As in fw_scale.sh: the packets met the last of the rules.
if [[ -n "${NS_GW_zo10000:-}" ]]; then
	last=$("$ZONESEC" -n "$NS_GW_zo10000" -j rule show | "$ZS_PYTHON" -c '
import json, sys
r = json.load(sys.stdin)[-1]
print(r["position"], r["packets"] > 0)')
	check_eq "the last of 10000 zonesec rules matched the packets" "$last" "10000 True"
fi
