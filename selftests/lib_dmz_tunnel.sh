# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The DMZ scenario's tunnel, as zonesecd sets it up: one config file per
# gateway, written here, with the tunnels and (on gw-hq) the zone firewall.
# Shared by dmz_tunnel.sh (which asserts) and vm/demo.sh (which shows).
#
#   source lib.sh; source lib_ipsec.sh; source lib_dmz_tunnel.sh
#   build_dmz_scenario; zonesec_load
#   dmz_tunnel_configs DIR; dmz_tunnel_start DIR; dmz_tunnel_wait_up DIR
#
# Two tunnels between the gateways, one per HQ network, each its own IKE
# SA (the daemon keeps one prefix a side): branch lan <-> hq lan, and
# branch lan <-> dmz.  gw-branch initiates both; gw-hq only answers and
# tells them apart by the selectors.

[[ -z "${ZS_LIB_DMZ_TUNNEL_SOURCED:-}" ]] || return 0
ZS_LIB_DMZ_TUNNEL_SOURCED=1

ZONESECD=${ZONESECD:-$ZS_LIB_DIR/../userspace/daemon/zonesecd}
declare -A DMZ_PID=()

# dmz_tunnel_configs DIR: keys and the two zonesec.conf files in DIR.
dmz_tunnel_configs() {
	local dir=$1 gw
	for gw in gw-hq gw-branch; do
		# shellcheck disable=SC2153	# lib_ipsec.sh sets it
		run_cmd "$ZONESEC" genkey "$dir/$gw.key" || return
		"$ZONESEC" pubkey "$dir/$gw.key" >"$dir/$gw.pub" || return
	done
	cat >"$dir/gw-hq.conf" <<-EOF
		# gw-hq: answers the branch; the zone firewall of the design.
		[global]
		id = fqdn:gw-hq.example
		private_key = gw-hq.key
		control = $dir/gw-hq.sock

		[tunnel branch-lan]
		peer = $IP4_GW_BR_WAN
		peer_id = fqdn:gw-branch.example
		peer_key = gw-branch.pub
		local_prefix = $PFX4_LAN
		remote_prefix = $PFX4_BR
		start = wait

		[tunnel branch-dmz]
		peer = $IP4_GW_BR_WAN
		peer_id = fqdn:gw-branch.example
		peer_key = gw-branch.pub
		local_prefix = $PFX4_DMZ
		remote_prefix = $PFX4_BR
		start = wait

		[firewall]
		zone add internet dev wan0
		zone add dmz dev dmz0
		zone add lan dev lan0
		# the branch LAN: a prefix, which wins over wan0, where its
		# packets arrive; in clear they would be dropped by IPsec policy
		zone add vpn prefix $PFX4_BR
		zone policy from internet to lan drop
		zone policy from dmz to lan reject
		# IKE and ESP from the other gateway
		rule add from internet to self proto udp dport 500 action accept
		rule add from internet to self proto esp action accept
		rule add from internet to dmz proto tcp dport 25 action accept
		rule add from internet to dmz proto tcp dport 80 action accept
		rule add from internet to dmz proto tcp dport 443 action accept
		rule add from dmz to internet proto tcp dport 25 action accept
		rule add from lan to dmz action accept
		rule add from lan to internet action accept
		rule add from lan to vpn action accept
		# the branch reaches the LAN, and only the DMZ's web server
		rule add from vpn to lan action accept
		rule add from vpn to dmz proto tcp dport 80 action accept
	EOF
	cat >"$dir/gw-branch.conf" <<-EOF
		# gw-branch: brings both tunnels up as it starts.
		[global]
		id = fqdn:gw-branch.example
		private_key = gw-branch.key
		control = $dir/gw-branch.sock

		[tunnel hq-lan]
		peer = $IP4_GW_HQ_WAN
		peer_id = fqdn:gw-hq.example
		peer_key = gw-hq.pub
		local_prefix = $PFX4_BR
		remote_prefix = $PFX4_LAN
		start = load

		[tunnel hq-dmz]
		peer = $IP4_GW_HQ_WAN
		peer_id = fqdn:gw-hq.example
		peer_key = gw-hq.pub
		local_prefix = $PFX4_BR
		remote_prefix = $PFX4_DMZ
		start = load
	EOF
}

# dmz_tunnel_start DIR: zonesecd on both gateways, hq first.
dmz_tunnel_start() {
	local dir=$1 gw ns
	for gw in gw-hq gw-branch; do
		ns=$NS_GW_HQ
		[[ $gw == gw-branch ]] && ns=$NS_GW_BR
		printf '+ ip netns exec %s zonesecd -f -v -c %s 2>%s &\n' "$ns" \
			"$dir/$gw.conf" "$dir/$gw.log"
		ip netns exec "$ns" "$ZONESECD" -f -vv -c "$dir/$gw.conf" \
			2>"$dir/$gw.log" &
		DMZ_PID[$gw]=$!
		sleep 0.5
	done
}

# dmz_tunnel_stop: SIGTERM to both; 0 when both exit 0.
dmz_tunnel_stop() {
	local gw rc=0
	for gw in "${!DMZ_PID[@]}"; do
		kill -TERM "${DMZ_PID[$gw]}" 2>/dev/null
		wait "${DMZ_PID[$gw]}" || rc=$?
		unset "DMZ_PID[$gw]"
	done
	return "$rc"
}

# dmz_tunnel_ctl DIR GW ARGS...: the zonesec CLI at GW's daemon
dmz_tunnel_ctl() {
	local dir=$1 gw=$2
	shift 2
	ZONESEC_CONTROL=$dir/$gw.sock "$ZONESEC" "$@"
}

# dmz_tunnel_established DIR GW N: GW's daemon has N established tunnels
dmz_tunnel_established() {
	local n
	n=$(dmz_tunnel_ctl "$1" "$2" tunnel show -j 2>/dev/null |
		"$ZS_PYTHON" -c 'import json, sys
print(sum(t["state"] == "established" for t in json.load(sys.stdin)))') || return
	[[ "$n" == "$3" ]]
}

# dmz_tunnel_wait_up DIR SECONDS: both tunnels up on both sides (by the
# clock: under TCG one look costs a second or two)
dmz_tunnel_wait_up() {
	local end=$((SECONDS + $2))
	while ((SECONDS < end)); do
		dmz_tunnel_established "$1" gw-hq 2 &&
			dmz_tunnel_established "$1" gw-branch 2 && return 0
		sleep 0.5
	done
	return 1
}
