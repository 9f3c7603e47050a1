#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vpn zone: traffic that arrived through a zonesec SA is classed by
# its SA (zone member "ipsec [reqid N]"), before its interface and
# address, so rules say what the tunnel may reach. gw_hq (zonesec) and
# gw_br (Linux XFRM) run an ESP tunnel, reqid 2, between the branch LAN
# and hq's LAN, DMZ and gw_hq itself.
#
#                    inet (router)
#            wanhq0 |              | wanbr0
#      wan0 203.0.113.2        wan0 203.0.113.18
#        gw_hq: zonesec  ==ESP==  gw_br: ip xfrm
#   dmz0 |     | lan0                | lan0
#  dmz web :80  lan db :5432         br 192.0.2.130
#
# gw_hq's firewall: internet = wan0, dmz = dmz0, lan = lan0, vpn = ipsec
# reqid 2; internet -> self esp, internet -> dmz tcp 80 accepted; vpn ->
# lan accepted, vpn -> dmz dropped, vpn -> self icmp accepted.
#
#   through the tunnel: br -> lan db ok (FORWARD), br -> dmz web times
#     out although internet -> dmz web is open, br -> gw_hq ping ok
#     (LOCAL_IN); the vpn rules count it;
#   the same source in clear (gw_br's XFRM policies removed): br -> lan
#     times out (internet -> lan), br -> dmz web ok, the ping fails, the
#     vpn rules count nothing more;
#   "ipsec" (any SA) classes the tunnel as vpn too; "ipsec reqid 9" does
#     not (the tunnel is then internet traffic);
#   `fw show` with ipsec members loads back unchanged; a reqid in two
#     zones is refused.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_fw.sh
source "$(dirname "$0")/lib_fw.sh"

require_root
require_cmd ip ping "$ZS_PYTHON"
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly AEAD='rfc4106(gcm(aes))'

fw_setup

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
BR_OUT_LAN="src $PFX4_BR dst $PFX4_LAN dir out"
BR_OUT_DMZ="src $PFX4_BR dst $PFX4_DMZ dir out"
TMPL="tmpl src $IP4_GW_BR_WAN dst $IP4_GW_HQ_WAN proto esp reqid 2 mode tunnel"
check "br: states and policies" ip_batch "$NS_GW_BR" <<-END
	xfrm state add src $HQ dst $BR proto esp spi 0x3001 reqid 2 mode tunnel replay-window 1024 aead $AEAD $KEY_GCM128 128
	xfrm state add src $BR dst $HQ proto esp spi 0x3002 reqid 2 mode tunnel aead $AEAD $KEY_GCM128_B 128
	xfrm policy add $BR_OUT_LAN $TMPL
	xfrm policy add $BR_OUT_DMZ $TMPL
	xfrm policy add src $PFX4_LAN dst $PFX4_BR dir fwd tmpl src $HQ dst $BR proto esp reqid 2 mode tunnel
	xfrm policy add src $PFX4_LAN dst $PFX4_BR dir in tmpl src $HQ dst $BR proto esp reqid 2 mode tunnel
END

serve "$NS_DMZ" dmz http:80
serve "$NS_LAN" lan echo:5432

# fw_file VPN_MEMBERS: the rule set, with the vpn zone's members.
fw_file() {
	cat <<-EOF
		# gw_hq, with a zone for the branch tunnel
		zone add internet dev wan0
		zone add dmz dev dmz0
		zone add lan dev lan0
		zone add vpn $1
		zone policy from lan to internet accept
		rule add from internet to self proto esp action accept
		rule add from internet to dmz proto tcp dport 80 action accept
		rule add from vpn to lan action accept
		rule add from vpn to dmz action drop
		rule add from vpn to self proto icmp action accept
	EOF
}
fw_file "ipsec reqid 2" >"$tmp/vpn.fw"
check "load the rule set with vpn = ipsec reqid 2" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/vpn.fw"

# counts: "position packets" per rule, and the pair defaults' drops
counts() {
	zsq -j rule show | "$ZS_PYTHON" -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["position"], r["packets"])'
	printf 'policy_drop %s\n' "$(zsq -j fw stats |
		"$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["policy_drop"])')"
}
count() { awk -v k="$2" '$1 == k { print $2 }' <<<"$1"; }

# ---- through the tunnel: vpn ----------------------------------------------
probe_is "tunnel" "$NS_BR" connect "$IP4_LAN" 5432 ok
probe_is "tunnel, vpn -> dmz dropped" "$NS_BR" connect "$IP4_DMZ" 80 timeout
probe_is "clear, internet -> dmz web open" "$NS_INET" connect "$IP4_DMZ" 80 ok
check "tunnel: ping br -> gw_hq (vpn -> self)" ns_run "$NS_BR" ping -c 2 -i 0.3 -W 2 "$IP4_GW_HQ_LAN"
c1=$(counts)
check_eq "vpn -> lan rule counted the connection" "$(count "$c1" 3)" 1
check_match "vpn -> dmz rule counted the SYNs" "$(count "$c1" 4)" '^[1-9][0-9]*$'
check_eq "vpn -> self icmp rule counted the ping (one connection)" "$(count "$c1" 5)" 1
check_eq "internet -> dmz web rule counted inet's connection only" "$(count "$c1" 2)" 1
esp_in=$("$ZONESEC" -n "$NS_GW_HQ" -j sa get dst "$HQ" proto esp spi 0x3002 |
	"$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["stats"]["packets-in"])')
check_match "the vpn traffic did come through the SA ($esp_in packets)" "$esp_in" '^[1-9][0-9]*$'

# ---- the same source address in clear: not vpn ----------------------------
check "br: traffic to hq in clear" ip_batch "$NS_GW_BR" <<-END
	xfrm policy del $BR_OUT_LAN
	xfrm policy del $BR_OUT_DMZ
END
probe_is "clear from br, internet -> lan" "$NS_BR" connect "$IP4_LAN" 5432 timeout
probe_is "clear from br, internet -> dmz web" "$NS_BR" connect "$IP4_DMZ" 80 ok
check_fail "clear: ping br -> gw_hq dropped (internet -> self)" ns_run "$NS_BR" ping -c 1 -W 1 "$IP4_GW_HQ_LAN"
c2=$(counts)
check_eq "vpn -> lan rule: nothing more" "$(count "$c2" 3)" "$(count "$c1" 3)"
check_eq "vpn -> dmz rule: nothing more" "$(count "$c2" 4)" "$(count "$c1" 4)"
check_eq "vpn -> self rule: nothing more" "$(count "$c2" 5)" "$(count "$c1" 5)"
check_eq "internet -> dmz web rule counted br's clear connection" "$(count "$c2" 2)" 2
check_match "the clear packets fell to the pair defaults" \
	"$(($(count "$c2" policy_drop) - $(count "$c1" policy_drop)))" '^[1-9][0-9]*$'
check "br: back through the tunnel" ip_batch "$NS_GW_BR" <<-END
	xfrm policy add $BR_OUT_LAN $TMPL
	xfrm policy add $BR_OUT_DMZ $TMPL
END

# ---- any SA; and an SA the zone does not name -----------------------------
fw_file "ipsec" >"$tmp/any.fw"
check "vpn = ipsec (any SA)" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/any.fw"
probe_is "any SA: tunnel, vpn -> lan" "$NS_BR" connect "$IP4_LAN" 5432 ok
probe_is "any SA: tunnel, vpn -> dmz dropped" "$NS_BR" connect "$IP4_DMZ" 80 timeout
fw_file "ipsec reqid 9" >"$tmp/other.fw"
check "vpn = ipsec reqid 9" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/other.fw"
probe_is "other reqid: tunnel is internet -> lan" "$NS_BR" connect "$IP4_LAN" 5432 timeout
probe_is "other reqid: tunnel is internet -> dmz web" "$NS_BR" connect "$IP4_DMZ" 80 ok

# ---- the file format and bad input -----------------------------------------
fw_file "ipsec reqid 2 ipsec" >"$tmp/both.fw"
check "vpn = ipsec reqid 2 + any" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/both.fw"
zsq fw show >"$tmp/show1"
check "fw show loads back" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/show1"
zsq fw show >"$tmp/show2"
check "fw show is unchanged after the round trip" cmp "$tmp/show1" "$tmp/show2"
check_match "fw show prints the ipsec members" "$(grep '^zone add vpn' "$tmp/show1")" \
	'^zone add vpn ipsec reqid 2 ipsec$'
members=$(zsq -j zone show | "$ZS_PYTHON" -c '
import json, sys
print(*[z["ipsec"] for z in json.load(sys.stdin) if z["name"] == "vpn"])')
check_eq "zone show -j: ipsec [2, 0]" "$members" "[2, 0]"
before=$(zsq fw show)
err=$("$ZONESEC" -n "$NS_GW_HQ" zone add vpn2 ipsec reqid 2 2>&1)
check_eq "a reqid in two zones is refused" "$err" \
	"zonesec: ipsec member is in another zone already"
check_eq "... and changes nothing" "$(zsq fw show)" "$before"

