#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The design's scenario end to end: zonesecd on gw-hq and gw-branch, each
# from its config file (lib_dmz_tunnel.sh), sets up the tunnels between
# them and, on gw-hq, the zone firewall; the branch LAN reaches the HQ LAN
# and the DMZ's web server through ESP, and the rules still hold.
#
#    inet host --- [gw-hq] ---+--- dmz  198.51.100.10 (web :80)
#   (inet ns)     |  wan0     +--- lan  192.0.2.10
#                 |   ESP: branch-lan, branch-dmz   <- tcpdump on wanbr0
#             [gw-branch] --- br 192.0.2.130
#
# Asserts: both daemons report two established tunnels (zonesec tunnel
# show -j); br -> lan ping and a 200 kB TCP transfer intact (lan -> br
# waits for a datapath fix, see below); br -> dmz web
# accepted, br -> dmz ping dropped (vpn -> dmz is web only), inet -> lan
# dropped; on the internet link between the branch and the HQ only ESP
# and IKE, no clear packet of the LANs; SA counters on both gateways, the
# vpn -> lan rule's counter; a reload with a bad [firewall] changes
# nothing; SIGTERM removes every SA and policy.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_dmz_tunnel.sh
source "$(dirname "$0")/lib_dmz_tunnel.sh"

require_root
require_cmd ip ping tcpdump
[[ -x "$ZONESECD" ]] || die "$ZONESECD not built (make userspace)"

build_dmz_scenario
print_dmz_scenario
zonesec_load || die "module"

DIR=$(mktemp -d /tmp/dmz_tunnel.XXXXXX)
defer rm -rf "$DIR"
defer dmz_tunnel_stop

check "configs and keys (zonesec genkey)" dmz_tunnel_configs "$DIR"
for gw in gw-hq gw-branch; do
	check "$gw: zonesecd -t" "$ZONESECD" -t -c "$DIR/$gw.conf"
done

pcap_start "$NS_INET" wanbr0 "$DIR/wan.pcap"

dmz_tunnel_start "$DIR"
check "both tunnels established on both gateways" dmz_tunnel_wait_up "$DIR" 60
dmz_tunnel_ctl "$DIR" gw-branch tunnel show
check_eq "gw-hq: the firewall came from the config (11 rules)" \
	"$("$ZONESEC" -n "$NS_GW_HQ" -j rule show | json_len)" 11

ip netns exec "$NS_DMZ" "$ZS_PYTHON" -m http.server 80 --bind "$IP4_DMZ" \
	>/dev/null 2>&1 &
defer kill $!
for _ in $(seq 20); do
	ip netns exec "$NS_DMZ" ss -Hltn 'sport = :80' | grep -q . && break
	sleep 0.5
done

check "br -> lan: ping through the tunnel" ns_run "$NS_BR" ping -c 3 -i 0.3 -W 2 "$IP4_LAN"
# A flow the HQ LAN starts towards the branch: its conntrack entry must be
# confirmed before gw-hq's ESP output takes the packet, or the answer
# comes back INVALID and the zone firewall drops it.
check "lan -> br: ping through the tunnel" ns_run "$NS_LAN" ping -c 3 -i 0.3 -W 2 "$IP4_BR"
tcp_xfer "$NS_LAN" "$NS_BR" "$IP4_BR" 200000
tcp_xfer "$NS_BR" "$NS_LAN" "$IP4_LAN" 200000
check "br -> dmz web (tcp/80) through the tunnel: accepted" \
	ip netns exec "$NS_BR" "$ZS_PYTHON" -c '
import sys, urllib.request
r = urllib.request.urlopen("http://%s/" % sys.argv[1], timeout=10)
print("HTTP", r.status); sys.exit(r.status != 200)' "$IP4_DMZ"
check_fail "br -> dmz ping: dropped (vpn -> dmz is web only)" \
	ns_run "$NS_BR" ping -c 1 -W 1 "$IP4_DMZ"
check_fail "inet -> lan ping: dropped" ns_run "$NS_INET" ping -c 1 -W 1 "$IP4_LAN"

pcap_stop "$DIR/wan.pcap"
clear=$(tcpdump -r "$DIR/wan.pcap" -nn "net $PFX4_BR and (net $PFX4_LAN or net $PFX4_DMZ)" 2>/dev/null | wc -l)
esp=$(tcpdump -r "$DIR/wan.pcap" -nn "esp and host $IP4_GW_HQ_WAN and host $IP4_GW_BR_WAN" 2>/dev/null | wc -l)
other=$(tcpdump -r "$DIR/wan.pcap" -nn "ip and not esp and not udp port 500" 2>/dev/null | wc -l)
check_eq "wanbr0: no clear packet between the branch and the HQ networks" "$clear" 0
zs_check_match "wanbr0: ESP between the gateways ($esp packets)" "$esp" '^[0-9]{3,}$'
check_eq "wanbr0: nothing but ESP and IKE" "$other" 0

# tunnel_stat GW TUNNEL SA FIELD: a counter from zonesec tunnel show -j
tunnel_stat() {
	dmz_tunnel_ctl "$DIR" "$1" tunnel show -j "$2" | "$ZS_PYTHON" -c '
import json, sys; print(json.load(sys.stdin)[0][sys.argv[1]][sys.argv[2]])' "$3" "$4"
}
zs_check_match "gw-branch: hq-lan ESP out counted packets" "$(tunnel_stat gw-branch hq-lan sa_out packets)" '^[0-9]{3,}$'
zs_check_match "gw-branch: hq-dmz ESP out counted packets" "$(tunnel_stat gw-branch hq-dmz sa_out packets)" '^[1-9][0-9]*$'
zs_check_match "gw-hq: branch-lan ESP in counted packets" "$(tunnel_stat gw-hq branch-lan sa_in packets)" '^[0-9]{3,}$'
zs_check_match "gw-hq: branch-dmz ESP in counted packets" "$(tunnel_stat gw-hq branch-dmz sa_in packets)" '^[1-9][0-9]*$'
vpn_lan=$("$ZONESEC" -n "$NS_GW_HQ" -j rule show | "$ZS_PYTHON" -c '
import json, sys
print(sum(r["packets"] for r in json.load(sys.stdin) if r["from"] == "vpn" and r["to"] == "lan"))')
zs_check_match "gw-hq: the vpn -> lan rule counted the branch's flows" "$vpn_lan" '^[1-9][0-9]*$'

before=$("$ZONESEC" -n "$NS_GW_HQ" fw show)
cp "$DIR/gw-hq.conf" "$DIR/gw-hq.conf.good"
echo "rule add from vpn to nowhere action accept" >>"$DIR/gw-hq.conf"
check_fail "gw-hq: reload with a bad [firewall] is refused" \
	dmz_tunnel_ctl "$DIR" gw-hq reload
check_eq "gw-hq: the firewall is unchanged" "$("$ZONESEC" -n "$NS_GW_HQ" fw show)" "$before"
check "gw-hq: the tunnels still run" dmz_tunnel_established "$DIR" gw-hq 2
mv "$DIR/gw-hq.conf.good" "$DIR/gw-hq.conf"

check "both daemons exit 0 on SIGTERM" dmz_tunnel_stop
check_eq "gw-hq: no SA left" "$("$ZONESEC" -n "$NS_GW_HQ" -j sa show | json_len)" 0
check_eq "gw-branch: no policy left" "$("$ZONESEC" -n "$NS_GW_BR" -j policy show | json_len)" 0

if ((ZS_CHECKS_FAILED > 0)); then
	for f in "$DIR"/*.log; do
		echo "# ---- $f"
		sed 's/^/#   /' "$f"
	done
fi
