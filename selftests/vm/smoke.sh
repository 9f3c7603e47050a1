#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Smoke test of the test infrastructure: build the DMZ scenario of
# DESIGN.md in namespaces and ping across it in clear, IPv4 and IPv6.
# No zonesec involved; if this fails, every other test's results are moot.
#
#                 inet (internet host and router)
#            wanhq0 |               | wanbr0
#              wan0 |               | wan0
#                 gw_hq           gw_br
#          dmz0 /     \ lan0        | lan0
#         eth0 /       \ eth0       | eth0
#            dmz        lan         br
#
# Checked: lan -> br (hq lan to branch lan, three routers), inet -> dmz,
# and, in reverse, br -> lan and dmz -> inet, each in v4 and v6.

# No `set -e`: every check runs and reports, even after a failed one.
set -uo pipefail
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

require_root
require_cmd ip ping sysctl

build_dmz_scenario || die "cannot build the DMZ scenario"
print_dmz_scenario

check "lan -> br, IPv4" ping_ok "$NS_LAN" "$IP4_BR"
check "lan -> br, IPv6" ping_ok "$NS_LAN" "$IP6_BR"
check "inet -> dmz, IPv4" ping_ok "$NS_INET" "$IP4_DMZ"
check "inet -> dmz, IPv6" ping_ok "$NS_INET" "$IP6_DMZ"
check "br -> lan, IPv4" ping_ok "$NS_BR" "$IP4_LAN"
check "dmz -> inet, IPv6" ping_ok "$NS_DMZ" "$IP6_INET_HQ"
# A prefix nobody routes must stay unreachable: the checks above prove
# routing, not a catch-all.
check_fail "lan -> unrouted 203.0.113.100 fails" ping_ok "$NS_LAN" 203.0.113.100
