#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Gateway to gateway: ESP tunnel mode over IPv4, rfc4106(gcm(aes)), between
# gw_hq (zonesec) and gw_br (Linux XFRM), protecting hq's LAN and the
# branch LAN across the internet; traffic to elsewhere stays in clear.
# Ping both ways, a TCP transfer lan -> br with its bytes checked (the
# tunnel's MTU reaches the LAN host as "fragmentation needed"), only ESP
# between the LANs on the internet link, counters.
#
#                    inet (router)  <- tcpdump on wanhq0
#            wanhq0 |              | wanbr0
#      wan0 203.0.113.2        wan0 203.0.113.18
#        gw_hq: zonesec  ==ESP==  gw_br: ip xfrm
#      lan0 |                      | lan0
#    lan 192.0.2.10/25          br 192.0.2.130/25

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

HQ=$IP4_GW_HQ_WAN
BR=$IP4_GW_BR_WAN
check "hq: SA out" zs "$NS_GW_HQ" sa add src "$HQ" dst "$BR" proto esp \
	spi 0x3001 reqid 2 mode tunnel aead "$AEAD" "$KEY_GCM128" 128
check "hq: SA in" zs "$NS_GW_HQ" sa add src "$BR" dst "$HQ" proto esp \
	spi 0x3002 reqid 2 mode tunnel aead "$AEAD" "$KEY_GCM128_B" 128 \
	replay-window 1024
check "hq: policy out" zs "$NS_GW_HQ" policy add src "$PFX4_LAN" \
	dst "$PFX4_BR" dir out tmpl src "$HQ" dst "$BR" proto esp reqid 2 \
	mode tunnel
check "hq: policy fwd" zs "$NS_GW_HQ" policy add src "$PFX4_BR" \
	dst "$PFX4_LAN" dir fwd tmpl src "$BR" dst "$HQ" proto esp reqid 2 \
	mode tunnel
check "br: states and policies" ip_batch "$NS_GW_BR" <<-END
	xfrm state add src $HQ dst $BR proto esp spi 0x3001 reqid 2 mode tunnel replay-window 1024 aead $AEAD $KEY_GCM128 128
	xfrm state add src $BR dst $HQ proto esp spi 0x3002 reqid 2 mode tunnel aead $AEAD $KEY_GCM128_B 128
	xfrm policy add src $PFX4_BR dst $PFX4_LAN dir out tmpl src $BR dst $HQ proto esp reqid 2 mode tunnel
	xfrm policy add src $PFX4_LAN dst $PFX4_BR dir fwd tmpl src $HQ dst $BR proto esp reqid 2 mode tunnel
	xfrm policy add src $PFX4_LAN dst $PFX4_BR dir in tmpl src $HQ dst $BR proto esp reqid 2 mode tunnel
END

tmp=$(mktemp -d)
defer rm -rf "$tmp"
pcap_start "$NS_INET" wanhq0 "$tmp/wan.pcap"

check "ping lan -> br through the tunnel" ns_run "$NS_LAN" ping -c 3 -i 0.2 -W 2 "$IP4_BR"
check "ping br -> lan through the tunnel" ns_run "$NS_BR" ping -c 3 -i 0.2 -W 2 "$IP4_LAN"
check "ping lan -> inet, in clear" ns_run "$NS_LAN" ping -c 2 -i 0.2 -W 2 "$IP4_INET_HQ"

tcp_xfer "$NS_LAN" "$NS_BR" "$IP4_BR" 1000000

pcap_stop "$tmp/wan.pcap"
clear=$(tcpdump -r "$tmp/wan.pcap" -nn "net $PFX4_LAN and net $PFX4_BR" 2>/dev/null | wc -l)
esp=$(tcpdump -r "$tmp/wan.pcap" -nn "esp and host $HQ and host $BR" 2>/dev/null | wc -l)
out=$(tcpdump -r "$tmp/wan.pcap" -nn "icmp and host $IP4_LAN and host $IP4_INET_HQ" 2>/dev/null | wc -l)
check_eq "no LAN-to-LAN packet in clear on the internet link" "$clear" 0
zs_check_match "ESP between the gateways ($esp packets)" "$esp" '^[0-9]{3,}$'
zs_check_match "lan -> inet in clear ($out packets)" "$out" '^[1-9]'

sa_stat() {	# sa_stat SPI DST FIELD
	"$ZONESEC" -n "$NS_GW_HQ" -j sa get dst "$2" proto esp spi "$1" |
		"$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["stats"][sys.argv[1]])' "$3"
}
zs_check_match "hq counted packets out" "$(sa_stat 0x3001 "$BR" packets-out)" '^[0-9]{3,}$'
zs_check_match "hq counted packets in" "$(sa_stat 0x3002 "$HQ" packets-in)" '^[0-9]{2,}$'
check_eq "no auth failures" "$(sa_stat 0x3002 "$HQ" drop-auth)" 0
check_eq "no policy drops" "$(sa_stat 0x3002 "$HQ" drop-policy)" 0
