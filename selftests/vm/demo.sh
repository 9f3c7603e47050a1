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

say "Traffic crosses the topology (no firewall, no tunnel yet)"
run_cmd ip netns exec "$NS_INET" ping -c 2 -W 2 198.51.100.10
run_cmd ip netns exec "$NS_BR" ping -c 2 -W 2 192.0.2.10
run_cmd ip netns exec "$NS_BR" ping -6 -c 2 -W 2 2001:db8:1::10

say "Unloading"
zonesec_unload
echo "demo: done"
