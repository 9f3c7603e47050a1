#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Gateway to gateway, ESP tunnel mode with IPv6 inside, outside or both,
# rfc4106(gcm(aes)), between gw_hq (zonesec) and gw_br (Linux XFRM):
#
#   1. 6in6: hq's and br's IPv6 LANs, over the IPv6 internet
#   2. 4in6: the IPv4 LANs, over IPv6
#   3. 6in4: the IPv6 LANs, over IPv4
#
# For each: ping both ways through the tunnel, ping to the internet host
# in clear; a DF ping (ping -M do) from the LAN host just bigger than the
# tunnel takes is answered by gw_hq with "fragmentation needed" / "packet
# too big" and the exact size that fits (1500 minus the outer header, ESP
# header, IV, ICV, padding to 4 and the trailer's two bytes); then a TCP
# transfer each way at full size with its bytes checked; on the internet
# link (tcpdump on inet's wanhq0) no LAN-to-LAN packet in clear, ESP of
# the outer family between the gateways, the LAN host's packet to the
# internet in clear; counters.
#
# XFRM's states get a selector of the inner family ("sel"): ip xfrm
# gives a state without one its own family's, and XFRM then refuses an
# inner packet of the other (XfrmInStateMismatch).
#
#                    inet (router)  <- tcpdump on wanhq0
#            wanhq0 |              | wanbr0
#        wan0 203.0.113.2        wan0 203.0.113.18
#        wan0 2001:db8:ff01::2   wan0 2001:db8:ff02::2
#        gw_hq: zonesec  ==ESP==  gw_br: ip xfrm
#      lan0 |                      | lan0
#    lan 192.0.2.10/25          br 192.0.2.130/25
#    lan 2001:db8:1::10/64      br 2001:db8:2::10/64

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping tcpdump /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly AEAD='rfc4106(gcm(aes))'

build_dmz_scenario
print_dmz_topology
zonesec_load

tmp=$(mktemp -d)
defer rm -rf "$tmp"

# sa_stats OUT_SPI IN_SPI: one line from one dump of hq's SAs,
# "OUT-PACKETS OUT-TOO-BIG IN-PACKETS IN-DROP-AUTH IN-DROP-POLICY".
sa_stats() {
	"$ZONESEC" -n "$NS_GW_HQ" -j sa show | "$ZS_PYTHON" -c '
import json, sys
sas = {s["spi"]: s["stats"] for s in json.load(sys.stdin)}
o, i = sas[int(sys.argv[1], 0)], sas[int(sys.argv[2], 0)]
print(o["packets-out"], o["drop-too-big"], i["packets-in"], i["drop-auth"],
      i["drop-policy"])' "$1" "$2"
}

capture_start() {
	pcap_start "$NS_INET" wanhq0 "$tmp/wan.pcap"
}

capture_stop() {
	pcap_stop "$tmp/wan.pcap"
}

pcap_count() {
	tcpdump -r "$tmp/wan.pcap" -nn "$1" 2>/dev/null | wc -l
}

# tunnel NAME N HQ BR INNER LAN_PFX BR_PFX LAN BR_HOST INET GW_LAN MTU
#   HQ, BR: the gateways' outer addresses; INNER: inet or inet6;
#   LAN_PFX, BR_PFX, LAN, BR_HOST, INET: the inner family's prefixes and
#   hosts; GW_LAN: hq's address on the LAN (the ICMP's source); MTU: what
#   "too big" must say.
tunnel() {
	local name=$1 n=$2 hq=$3 br=$4 inner=$5 lanp=$6 brp=$7 lan=$8 brh=$9
	local inet=${10} gwlan=${11} mtu=${12}
	local out_spi in_spi reqid=$((10 + n)) ping_opt=-4 size hl out
	out_spi=$(printf '0x%x' $((0x3000 + 16 * n + 1)))
	in_spi=$(printf '0x%x' $((0x3000 + 16 * n + 2)))
	[[ $inner == inet ]] || ping_opt=-6
	local inet4=0 sel="sel src ::/0 dst ::/0"
	[[ $inner == inet ]] && inet4=1 && sel="sel src 0.0.0.0/0 dst 0.0.0.0/0"

	check "$name: hq SAs" zs "$NS_GW_HQ" sa add src "$hq" dst "$br" \
		proto esp spi "$out_spi" reqid $reqid mode tunnel \
		inner-family "$inner" aead "$AEAD" "$KEY_GCM128" 128 &&
		zs "$NS_GW_HQ" sa add src "$br" dst "$hq" proto esp \
			spi "$in_spi" reqid $reqid mode tunnel \
			inner-family "$inner" aead "$AEAD" "$KEY_GCM128_B" 128 \
			replay-window 1024
	check "$name: hq policies" zs "$NS_GW_HQ" policy add src "$lanp" \
		dst "$brp" dir out tmpl src "$hq" dst "$br" proto esp \
		reqid $reqid mode tunnel &&
		zs "$NS_GW_HQ" policy add src "$brp" dst "$lanp" dir fwd \
			tmpl src "$br" dst "$hq" proto esp reqid $reqid \
			mode tunnel
	check "$name: br states and policies" ip_batch "$NS_GW_BR" <<-END
		xfrm state add src $hq dst $br proto esp spi $out_spi reqid $reqid mode tunnel replay-window 1024 aead $AEAD $KEY_GCM128 128 $sel
		xfrm state add src $br dst $hq proto esp spi $in_spi reqid $reqid mode tunnel aead $AEAD $KEY_GCM128_B 128 $sel
		xfrm policy add src $brp dst $lanp dir out tmpl src $br dst $hq proto esp reqid $reqid mode tunnel
		xfrm policy add src $lanp dst $brp dir fwd tmpl src $hq dst $br proto esp reqid $reqid mode tunnel
		xfrm policy add src $lanp dst $brp dir in tmpl src $hq dst $br proto esp reqid $reqid mode tunnel
	END
	# no size the LAN host learnt in an earlier case
	ip -n "$NS_LAN" -6 route flush cache >/dev/null 2>&1

	capture_start
	check "$name: ping lan -> br" ns_run "$NS_LAN" ping "$ping_opt" -c 2 -i 0.2 -W 2 "$brh"
	check "$name: ping br -> lan" ns_run "$NS_BR" ping "$ping_opt" -c 2 -i 0.2 -W 2 "$lan"
	check "$name: ping lan -> inet, in clear" ns_run "$NS_LAN" ping "$ping_opt" -c 2 -i 0.2 -W 2 "$inet"

	# ICMP payload one byte more than fits, with its IP and ICMP headers
	hl=$((inet4 ? 28 : 48))
	size=$((mtu + 1 - hl))
	printf '+ ip netns exec %s ping %s -M do -s %d -c 1 -W 2 %s\n' \
		"$NS_LAN" "$ping_opt" "$size" "$brh"
	out=$(ip netns exec "$NS_LAN" ping "$ping_opt" -M "do" -s "$size" -c 1 -W 2 "$brh" 2>&1)
	printf '%s\n' "$out"
	zs_check_match "$name: DF ping of $((size + hl)) bytes: too big, mtu $mtu, from hq" \
		"$out" "From $gwlan .*mtu ?= ?$mtu"
	check "$name: DF ping that fits" ns_run "$NS_LAN" ping "$ping_opt" -M "do" \
		-s $((size - 1)) -c 1 -W 2 "$brh"

	tcp_xfer "$NS_LAN" "$NS_BR" "$brh" 300000
	tcp_xfer "$NS_BR" "$NS_LAN" "$lan" 300000
	capture_stop

	check_eq "$name: no LAN-to-LAN packet in clear on the internet link" \
		"$(pcap_count "net $lanp and net $brp")" 0
	zs_check_match "$name: ESP between the gateways" \
		"$(pcap_count "esp and host $hq and host $br")" '^[0-9]{3,}$'
	zs_check_match "$name: lan -> inet in clear" \
		"$(pcap_count "host $lan and host $inet")" '^[1-9]'
	local st out_pkts too_big in_pkts auth pol
	st=$(sa_stats "$out_spi" "$in_spi")
	read -r out_pkts too_big in_pkts auth pol <<<"$st"
	check_eq "$name: hq counted packets out ($out_pkts > 200)" \
		"$((out_pkts > 200))" 1
	check_eq "$name: hq counted packets in ($in_pkts > 200)" \
		"$((in_pkts > 200))" 1
	check_eq "$name: no auth failures" "$auth" 0
	check_eq "$name: no policy drops" "$pol" 0
	zs_check_match "$name: too-big drops counted" "$too_big" '^[1-9]'

	check "$name: hq flush" zs "$NS_GW_HQ" sa flush && zs "$NS_GW_HQ" policy flush
	check "$name: br flush" ip_batch "$NS_GW_BR" <<-END
		xfrm state flush
		xfrm policy flush
	END
}

# outer header + SPI, sequence number, IV (8) + ICV (16) + 2, padded to 4
tunnel 6in6 1 "$IP6_GW_HQ_WAN" "$IP6_GW_BR_WAN" inet6 "$PFX6_LAN" "$PFX6_BR" \
	"$IP6_LAN" "$IP6_BR" "$IP6_INET_HQ" "$IP6_GW_HQ_LAN" 1426
tunnel 4in6 2 "$IP6_GW_HQ_WAN" "$IP6_GW_BR_WAN" inet "$PFX4_LAN" "$PFX4_BR" \
	"$IP4_LAN" "$IP4_BR" "$IP4_INET_HQ" "$IP4_GW_HQ_LAN" 1426
tunnel 6in4 3 "$IP4_GW_HQ_WAN" "$IP4_GW_BR_WAN" inet6 "$PFX6_LAN" "$PFX6_BR" \
	"$IP6_LAN" "$IP6_BR" "$IP6_INET_HQ" "$IP6_GW_HQ_LAN" 1446
