#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, inside the guest: load zonesec, build the DMZ scenario of
# the design in network namespaces, show what the module says in each
# gateway and that the topology carries traffic.  It grows with every
# capability: the firewall and the tunnel will show up here.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

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

say "Traffic crosses the topology (no firewall yet)"
run_cmd ip netns exec "$NS_INET" ping -c 2 -W 2 198.51.100.10
run_cmd ip netns exec "$NS_BR" ping -c 2 -W 2 192.0.2.10
run_cmd ip netns exec "$NS_BR" ping -6 -c 2 -W 2 2001:db8:1::10

say "The zone firewall on gw-hq: the DMZ rule set, loaded in one transaction"
tmp=$(mktemp -d)
defer rm -rf "$tmp"
cat >"$tmp/dmz.fw" <<'EOF2'
# The gateway of the design: the internet reaches the DMZ's mail and web
# servers only, the DMZ relays mail out, the LAN goes anywhere.
zone add internet dev wan0
zone add dmz dev dmz0
zone add lan dev lan0
zone policy from internet to lan drop
zone policy from dmz to lan reject
rule add from internet to dmz proto tcp dport 25 action accept
rule add from internet to dmz proto tcp dport 80 action accept
rule add from internet to dmz proto tcp dport 443 action accept
rule add from dmz to internet proto tcp dport 25 action accept
rule add from lan to dmz action accept
rule add from lan to internet action accept
EOF2
run_cmd "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/dmz.fw"
run_cmd "$ZONESEC" -n "$NS_GW_HQ" fw show

ip netns exec "$NS_DMZ" "$ZS_PYTHON" -m http.server 80 --bind 198.51.100.10 \
	>/dev/null 2>&1 &
defer kill $!
# Python takes a while to start in the emulated guest.
for _ in 1 2 3 4 5 6 7 8 9 10; do
	ip netns exec "$NS_DMZ" ss -Hltn 'sport = :80' | grep -q . && break
	sleep 0.5
done

say "internet -> dmz, web (tcp/80): accepted"
run_cmd ip netns exec "$NS_INET" "$ZS_PYTHON" -c '
import urllib.request
r = urllib.request.urlopen("http://198.51.100.10/", timeout=5)
print("HTTP", r.status, "from the DMZ web server")'

say "internet -> lan: dropped (no answer)"
run_cmd ip netns exec "$NS_INET" ping -c 1 -W 1 192.0.2.10 ||
	echo "no answer: dropped, as the rule set says"

say "lan -> internet: accepted, and the replies come back (stateful)"
run_cmd ip netns exec "$NS_LAN" ping -c 2 -W 2 203.0.113.1

say "The rules, with their counters"
run_cmd "$ZONESEC" -n "$NS_GW_HQ" rule show

say "Unloading"
zonesec_unload
echo "demo: done"
