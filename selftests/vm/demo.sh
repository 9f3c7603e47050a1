#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, inside the guest: load zonesec, build the DMZ scenario of
# the design in network namespaces, then let zonesecd on gw-hq and
# gw-branch set up the tunnels between them and gw-hq's zone firewall
# from their config files, and show what a newcomer wants to see: the
# tunnels coming up, the branch reaching the HQ LAN and DMZ through ESP,
# the internet link carrying only ESP, a denied flow, the counters.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/../lib_ipsec.sh"
# shellcheck source=selftests/lib_dmz_tunnel.sh
source "$(dirname "$0")/../lib_dmz_tunnel.sh"

say()
{
	printf '\n\033[1m== %s\033[0m\n' "$*"
}

require_root

say "Loading zonesec.ko into $(uname -r)"
zonesec_load
run_cmd modinfo -F version "$ZONESEC_KO"

say "The DMZ scenario, in network namespaces"
build_dmz_scenario
print_dmz_scenario

say "zonesec info on gw-hq (namespace $NS_GW_HQ)"
run_cmd "$ZONESEC" -n "$NS_GW_HQ" info

say "The same, as JSON, on gw-branch (namespace $NS_GW_BR): another namespace, its own state"
run_cmd "$ZONESEC" -n "$NS_GW_BR" -j info

say "Before zonesecd: the branch reaches the HQ LAN in clear across the internet"
run_cmd ip netns exec "$NS_BR" ping -c 2 -W 2 "$IP4_LAN"

tmp=$(mktemp -d /tmp/demo.XXXXXX)
defer rm -rf "$tmp"
defer dmz_tunnel_stop

say "One config file per gateway: identity, pinned peer key, tunnels, firewall"
dmz_tunnel_configs "$tmp" >/dev/null
sed 's/^/    /' "$tmp/gw-hq.conf"
echo
sed 's/^/    /' "$tmp/gw-branch.conf"
run_cmd "$ZONESECD" -t -c "$tmp/gw-hq.conf"

say "A capture on the internet link of the branch (wanbr0, in the inet router)"
pcap_start "$NS_INET" wanbr0 "$tmp/wan.pcap"

say "zonesecd starts on gw-hq (answers) and gw-branch (initiates)"
dmz_tunnel_start "$tmp"
if ! dmz_tunnel_wait_up "$tmp" 60; then
	echo "the tunnels did not come up; the logs:"
	cat "$tmp"/*.log
	exit 1
fi
grep -h 'child SA installed' "$tmp/gw-branch.log" | sed 's/^/    /'

say "zonesec tunnel show, on gw-branch"
dmz_tunnel_ctl "$tmp" gw-branch tunnel show

say "gw-hq's firewall, loaded by zonesecd from the [firewall] section"
run_cmd "$ZONESEC" -n "$NS_GW_HQ" fw show

ip netns exec "$NS_DMZ" "$ZS_PYTHON" -m http.server 80 --bind "$IP4_DMZ" \
	>/dev/null 2>&1 &
defer kill $!
for _ in $(seq 20); do
	ip netns exec "$NS_DMZ" ss -Hltn 'sport = :80' | grep -q . && break
	sleep 0.5
done

say "branch lan -> hq lan, through the tunnel"
run_cmd ip netns exec "$NS_BR" ping -c 3 -i 0.3 -W 2 "$IP4_LAN"

say "branch lan -> dmz web server (tcp/80), through the tunnel: accepted"
run_cmd ip netns exec "$NS_BR" "$ZS_PYTHON" -c '
import sys, urllib.request
r = urllib.request.urlopen("http://%s/" % sys.argv[1], timeout=10)
print("HTTP", r.status, "from the DMZ web server")' "$IP4_DMZ"

say "branch lan -> dmz ping: denied (vpn -> dmz allows web only)"
run_cmd ip netns exec "$NS_BR" ping -c 1 -W 1 "$IP4_DMZ" ||
	echo "no answer: dropped by gw-hq's firewall, as the rule set says"

say "internet -> hq lan: denied"
run_cmd ip netns exec "$NS_INET" ping -c 1 -W 1 "$IP4_LAN" ||
	echo "no answer: dropped, as the rule set says"

say "What the internet saw between the gateways: ESP (and IKE), nothing in clear"
pcap_stop "$tmp/wan.pcap"
tcpdump -r "$tmp/wan.pcap" -nn 2>/dev/null | grep -v 'ARP\|ICMP6' | head -n 12 | sed 's/^/    /'
printf '    ... %s ESP packets, %s packets of the LANs in clear\n' \
	"$(tcpdump -r "$tmp/wan.pcap" -nn esp 2>/dev/null | wc -l)" \
	"$(tcpdump -r "$tmp/wan.pcap" -nn "net $PFX4_BR and (net $PFX4_LAN or net $PFX4_DMZ)" 2>/dev/null | wc -l)"

say "Counters: the tunnels on gw-hq, its rules"
dmz_tunnel_ctl "$tmp" gw-hq tunnel show
run_cmd "$ZONESEC" -n "$NS_GW_HQ" rule show

say "zonesecd stops: it deletes its SAs on both sides"
dmz_tunnel_stop
run_cmd "$ZONESEC" -n "$NS_GW_BR" sa show

say "Unloading"
zonesec_unload
echo "demo: done"
