#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ESP transport mode over IPv4 with rfc4106(gcm(aes)), interoperating with
# Linux XFRM: one namespace protects with zonesec, the other with
# `ip xfrm`, same SPIs and keys.  Ping both ways, a TCP transfer both ways
# whose bytes are checked (2 MB: GSO, and the MTU after encapsulation,
# learnt through "fragmentation needed"), only ESP on the wire, counters
# on both sides, and a tampered and a replayed packet (scapy, from the
# capture) dropped and counted by reason without disturbing the SA.
#
# Windows of 1024 packets: veth delivers through per-CPU backlogs, so
# packets sent from two CPUs can overtake each other, and under TCG by
# more than the usual 64.
#
#   [zs]  eth0 192.0.2.1 ==== ESP ==== eth0 192.0.2.2  [xfrm]
#   zonesec sa/policy            tcpdump   ip xfrm state/policy
#   SPI 0x1000 zs -> xfrm, SPI 0x2000 xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping tcpdump /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"
/usr/bin/python3 -c 'import scapy' 2>/dev/null || skip "needs python3-scapy"

readonly A_ZS=192.0.2.1 A_XF=192.0.2.2
readonly AEAD='rfc4106(gcm(aes))'

setup_ns NS_ZS NS_XF
zonesec_load
veth_link "$NS_ZS" eth0 "$NS_XF" eth0
addr_add "$NS_ZS" eth0 $A_ZS/24
addr_add "$NS_XF" eth0 $A_XF/24

# zonesec's side
check "zs: outbound SA" zs "$NS_ZS" sa add src $A_ZS dst $A_XF proto esp \
	spi 0x1000 reqid 1 mode transport aead "$AEAD" "$KEY_GCM128" 128
check "zs: inbound SA" zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto esp \
	spi 0x2000 reqid 1 mode transport aead "$AEAD" "$KEY_GCM128_B" 128 \
	replay-window 1024
check "zs: policy out" zs "$NS_ZS" policy add src $A_ZS dst $A_XF dir out \
	tmpl proto esp reqid 1 mode transport
check "zs: policy in" zs "$NS_ZS" policy add src $A_XF dst $A_ZS dir in \
	tmpl proto esp reqid 1 mode transport

# XFRM's side, the same words
check "xfrm: states and policies" ip_batch "$NS_XF" <<-END
	xfrm state add src $A_ZS dst $A_XF proto esp spi 0x1000 reqid 1 mode transport replay-window 1024 aead $AEAD $KEY_GCM128 128
	xfrm state add src $A_XF dst $A_ZS proto esp spi 0x2000 reqid 1 mode transport aead $AEAD $KEY_GCM128_B 128
	xfrm policy add src $A_XF dst $A_ZS dir out tmpl proto esp reqid 1 mode transport
	xfrm policy add src $A_ZS dst $A_XF dir in tmpl proto esp reqid 1 mode transport
END

tmp=$(mktemp -d)
defer rm -rf "$tmp"
pcap_start "$NS_XF" eth0 "$tmp/wire.pcap"

check "ping zs -> xfrm" ns_run "$NS_ZS" ping -c 3 -i 0.2 -W 2 $A_XF
check "ping xfrm -> zs" ns_run "$NS_XF" ping -c 3 -i 0.2 -W 2 $A_ZS

tcp_xfer "$NS_ZS" "$NS_XF" $A_XF 2000000
tcp_xfer "$NS_XF" "$NS_ZS" $A_ZS 2000000

pcap_stop "$tmp/wire.pcap"
clear=$(tcpdump -r "$tmp/wire.pcap" -nn 'ip and not esp' 2>/dev/null | wc -l)
esp=$(tcpdump -r "$tmp/wire.pcap" -nn 'esp' 2>/dev/null | wc -l)
check_eq "no IPv4 packet in clear on the wire" "$clear" 0
zs_check_match "ESP on the wire ($esp packets)" "$esp" '^[0-9]{3,}$'
tcpdump -r "$tmp/wire.pcap" -nn 2>/dev/null | head -4

sa_stat() {	# sa_stat SPI DST FIELD
	"$ZONESEC" -n "$NS_ZS" -j sa get dst "$2" proto esp spi "$1" |
		"$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["stats"][sys.argv[1]])' "$3"
}
out_pkts=$(sa_stat 0x1000 $A_XF packets-out)
in_pkts=$(sa_stat 0x2000 $A_ZS packets-in)
zs_check_match "zs counted packets out ($out_pkts)" "$out_pkts" '^[0-9]{3,}$'
zs_check_match "zs counted packets in ($in_pkts)" "$in_pkts" '^[0-9]{3,}$'
xf=$(ip -n "$NS_XF" -s xfrm state get src $A_ZS dst $A_XF proto esp spi 0x1000)
printf '%s\n' "$xf"
zs_check_match "xfrm decrypted what zs sent" "$xf" " $out_pkts\\(packets\\)"

# ---- tampered and replayed ------------------------------------------------
auth0=$(sa_stat 0x2000 $A_ZS drop-auth)
replay0=$(sa_stat 0x2000 $A_ZS drop-replay)
check_eq "no auth failure so far" "$auth0" 0
check "replay one captured packet, send a tampered one" \
	ip netns exec "$NS_XF" /usr/bin/python3 -c '
import sys
from scapy.all import rdpcap, sendp, ESP
pkts = [p for p in rdpcap(sys.argv[1]) if p.haslayer(ESP) and p[ESP].spi == 0x2000]
old = pkts[len(pkts) // 2]
sendp(old, iface="eth0", verbose=False)
bad = old.copy()
bad[ESP].seq = 0x7fffff00          # new, so the ICV is what fails
data = bytearray(bytes(bad[ESP].data)); data[20] ^= 0x01
bad[ESP].data = bytes(data)
sendp(bad, iface="eth0", verbose=False)' "$tmp/wire.pcap"
sleep 0.5
check_eq "the replayed packet counted" "$(sa_stat 0x2000 $A_ZS drop-replay)" \
	$((replay0 + 1))
check_eq "the tampered packet counted" "$(sa_stat 0x2000 $A_ZS drop-auth)" 1
check "the SA still works (the window did not move)" \
	ns_run "$NS_XF" ping -c 1 -W 2 $A_ZS
