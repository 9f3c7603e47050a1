#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Log events: a rule with "log" sends one RULE_LOG_NTF per decided packet
# on the events group (rule handle, zones, action, protocol, addresses,
# ports, interfaces), at most 10 a second per namespace, and writes no
# kernel log line while someone listens; `zonesec monitor` prints them,
# -j as JSON. A rule without "log" sends nothing.
#
#   inet ── wan0 [gw_hq] dmz0 ── dmz   web :80, echo :8025
#                        lan0 ── lan   db :5432
#
#   internet -> dmz tcp 80    accept, logged      (IPv4 and IPv6)
#   internet -> dmz tcp 8025  accept, not logged
#   internet -> lan tcp 5432  reject, logged
#   internet -> lan udp 9     drop, logged        (a flood: rate limit)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_fw.sh
source "$(dirname "$0")/lib_fw.sh"

require_root
require_cmd "$ZS_PYTHON" dmesg

fw_setup

serve "$NS_DMZ" dmz http:80 echo:8025
serve "$NS_LAN" lan echo:5432

cat >"$tmp/log.fw" <<EOF
zone add internet dev wan0
zone add dmz dev dmz0
zone add lan dev lan0
rule add from internet to dmz proto tcp dport 80 action accept log
rule add from internet to dmz proto tcp dport 8025 action accept
rule add from internet to lan proto tcp dport 5432 action reject log
rule add from internet to lan proto udp dport 9 action drop log
EOF
check "load the rule set" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/log.fw"
handles=$(zsq -j rule show | "$ZS_PYTHON" -c '
import json, sys
print(*[r["handle"] for r in json.load(sys.stdin)])')
read -r H80 H8025 H5432 H9 <<<"$handles"

# monitor_start NAME ARGS...: `zonesec monitor` in the background; waits
# until it has joined the group (it does before its first read).
monitor_start() {
	local name=$1
	shift
	ip netns exec "$NS_GW_HQ" "$ZONESEC" "$@" monitor >"$tmp/$name.out" 2>&1 &
	MON_PID=$!
	defer kill "$MON_PID"
	sleep 0.5
}

dmesg_lines() { dmesg | grep -c "zonesec: rule $1 " || true; }

# ---- events, JSON --------------------------------------------------------
k80=$(dmesg_lines "$H80")
monitor_start json -j
probe_is "logged" "$NS_INET" connect "$IP4_DMZ" 80 ok
probe_is "logged, IPv6" "$NS_INET" connect "$IP6_DMZ" 80 ok
probe_is "not logged" "$NS_INET" connect "$IP4_DMZ" 8025 ok
probe_is "logged reject" "$NS_INET" connect "$IP4_LAN" 5432 refused
sleep 0.5
kill "$MON_PID"; wait "$MON_PID" 2>/dev/null
cat "$tmp/json.out"

# ev FILTER: the events of json.out that match a Python expression on e
ev() {
	"$ZS_PYTHON" -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if eval("(" + sys.argv[2] + ")"):
        n += 1
print(n)' "$tmp/json.out" "$1"
}
check_eq "one event for the logged accept (IPv4), every field" "$(ev "
e['event'] == 'log' and e['handle'] == $H80 and e['from'] == 'internet' and
e['to'] == 'dmz' and e['action'] == 'accept' and e['proto'] == 6 and
e['src'] == '$IP4_INET_HQ' and e['dst'] == '$IP4_DMZ' and e['dport'] == 80 and
e['sport'] > 1023 and e['iif'] == 'wan0' and e['oif'] == 'dmz0' and e['len'] >= 40
")" 1
check_eq "one event for the logged accept (IPv6)" "$(ev "
e['handle'] == $H80 and e['src'] == '$IP6_INET_HQ' and e['dst'] == '$IP6_DMZ' and e['dport'] == 80
")" 1
check_eq "no event for the rule without log" "$(ev "e['handle'] == $H8025 or e.get('dport') == 8025")" 0
check_eq "one event for the logged reject" "$(ev "
e['handle'] == $H5432 and e['action'] == 'reject' and e['from'] == 'internet' and
e['to'] == 'lan' and e['dst'] == '$IP4_LAN' and e['dport'] == 5432
")" 1
check_eq "nothing but those three" "$(ev "True")" 3
check_eq "no kernel log line while someone listens" "$(dmesg_lines "$H80")" "$k80"

# ---- human output; rate limit -------------------------------------------
monitor_start text
# 50 datagrams at once to a logged drop rule: each is a new flow's first
# packet (a dropped flow is never confirmed), so each is decided and logged
ns_run "$NS_INET" "$ZS_PYTHON" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(50):
    s.sendto(b"x", (sys.argv[1], 9))' "$IP4_LAN"
sleep 0.5
kill "$MON_PID"; wait "$MON_PID" 2>/dev/null
cat "$tmp/text.out"
n=$(grep -c "^log rule $H9 internet -> lan drop proto udp $IP4_INET_HQ:[0-9]* -> $IP4_LAN:9 in wan0 out lan0 len 29$" "$tmp/text.out")
check_match "the flood was logged, rate limited ($n of 50 lines)" "$n" '^([1-9]|1[0-9]|20)$'
check_eq "every line is such a line" "$(wc -l <"$tmp/text.out")" "$n"
rules=$(zsq -j rule show | "$ZS_PYTHON" -c '
import json, sys
print([r["packets"] for r in json.load(sys.stdin)][3])')
check_eq "the rule counted all 50 (the log only is limited)" "$rules" 50

# ---- nobody listens: the kernel log line ---------------------------------
sleep 1.1	# a fresh rate-limit interval
k5432=$(dmesg_lines "$H5432")
probe_is "logged reject, nobody listening" "$NS_INET" connect "$IP4_LAN" 5432 refused
check_eq "a kernel log line instead" "$(($(dmesg_lines "$H5432") - k5432))" 1
