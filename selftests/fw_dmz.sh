#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The zone firewall on gw_hq enforces the DMZ scenario of DESIGN.md, with
# real servers and clients (fw_helper.py: an SMTP responder driven by
# smtplib through EHLO/MAIL/RCPT/DATA/QUIT, a web server, TCP listeners):
#
#   inet ── wan0 [gw_hq] dmz0 ── dmz   smtp :25, web :80, echo :8025
#    smtp :25,       lan0 ── lan   db :5432, web :80
#    web :80
#
#   internet -> dmz   smtp, web allowed; anything else dropped (times out)
#   internet -> lan   db port rejected (refused at once, logged); the rest
#                     dropped by the pair's policy
#   dmz -> internet   smtp allowed, the rest dropped
#   dmz -> lan        rejected by the pair's policy
#   lan -> dmz, lan -> internet   allowed, replies pass (stateful)
#
# IPv4 and IPv6 everywhere; rule counters equal the connections made; a
# conntrack-invalid packet is dropped and counted; `fw show` loads back
# unchanged; reloads under traffic lose nothing of flows that stay
# allowed, and an established connection outlives the rule that let it
# in while a new one is refused; membership follows interface renames;
# bad input is refused with one line and changes nothing.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_fw.sh
source "$(dirname "$0")/lib_fw.sh"

require_root
require_cmd "$ZS_PYTHON" modinfo

fw_setup

# zs echoes the command (run_cmd); zsq does not, for captured output.
zs() { run_cmd "$ZONESEC" -n "$NS_GW_HQ" "$@"; }

# expect OUTPUT KIND ADDR PORT RESULT: that probe's line says RESULT.
expect() {
	local out=$1 kind=$2 addr=$3 port=$4 want=$5 got
	got=$(awk -v k="$kind" -v a="$addr" -v p="$port" \
		'$1 == k && $2 == a && $3 == p { print $4 " " $5 }' <<<"$out")
	check_match "$kind $addr:$port is $want ($got s)" "${got% *}" "^$want\$"
}

serve "$NS_DMZ" dmz smtp:25 http:80 echo:8025
serve "$NS_LAN" lan echo:5432 http:80
serve "$NS_INET" inet smtp:25 http:80

cat >"$tmp/a.fw" <<'EOF2'
# zonesec firewall
zone add internet dev wan0
zone add dmz dev dmz0 prefix 198.51.100.0/25 prefix 2001:db8:d::/64
zone add lan dev lan0 prefix 192.0.2.0/25 prefix 2001:db8:1::/64
zone add spare dev wanx
zone policy from internet to lan drop
zone policy from dmz to lan reject
zone policy from spare to lan accept
rule add from internet to dmz proto tcp dport 25 action accept
rule add from internet to dmz proto tcp dport 80 action accept
rule add from internet to dmz proto tcp dport 443 action accept
rule add from internet to dmz proto tcp dport 8025 action accept
rule add from dmz to internet proto tcp dport 25 action accept
rule add from lan to dmz action accept
rule add from lan to internet action accept
rule add from internet to lan proto tcp dport 5432 action reject log
EOF2
# b: the same without the echo port of the dmz
grep -v 'dport 8025' "$tmp/a.fw" >"$tmp/b.fw"

check "load the DMZ rule set" zs fw load "$tmp/a.fw"
zsq fw show >"$tmp/show1"
check "fw show prints the file as loaded" diff -u "$tmp/a.fw" "$tmp/show1"
check "what fw show prints loads back" zs fw load "$tmp/show1"
zsq fw show >"$tmp/show2"
check "and shows the same again" diff -u "$tmp/show1" "$tmp/show2"

# ---- every row of the table, IPv4 and IPv6 ----
out=$(probe "$NS_INET" \
	smtp,$IP4_DMZ,25 smtp,$IP6_DMZ,25 http,$IP4_DMZ,80 http,$IP6_DMZ,80 \
	connect,$IP4_DMZ,22 \
	connect,$IP4_LAN,5432 connect,$IP6_LAN,5432 \
	connect,$IP4_LAN,80 connect,$IP6_LAN,80)
printf '%s\n' "$out"
expect "$out" smtp "$IP4_DMZ" 25 ok
expect "$out" smtp "$IP6_DMZ" 25 ok
expect "$out" http "$IP4_DMZ" 80 ok
expect "$out" http "$IP6_DMZ" 80 ok
expect "$out" connect "$IP4_DMZ" 22 timeout
expect "$out" connect "$IP4_LAN" 5432 refused
expect "$out" connect "$IP6_LAN" 5432 refused
expect "$out" connect "$IP4_LAN" 80 timeout
expect "$out" connect "$IP6_LAN" 80 timeout
# refused at once, not after a timeout
t=$(awk -v a="$IP4_LAN" '$2 == a && $3 == 5432 { print $5 }' <<<"$out")
check_match "reject answers at once ($t s)" "$t" '^0\.[0-9]+$'

out=$(probe "$NS_DMZ" smtp,$IP4_INET_HQ,25 smtp,$IP6_INET_HQ,25 \
	http,$IP4_INET_HQ,80 connect,$IP4_LAN,5432 connect,$IP6_LAN,5432)
printf '%s\n' "$out"
expect "$out" smtp "$IP4_INET_HQ" 25 ok
expect "$out" smtp "$IP6_INET_HQ" 25 ok
expect "$out" http "$IP4_INET_HQ" 80 timeout
expect "$out" connect "$IP4_LAN" 5432 refused
expect "$out" connect "$IP6_LAN" 5432 refused

out=$(probe "$NS_LAN" http,$IP4_DMZ,80 http,$IP6_DMZ,80 \
	http,$IP4_INET_HQ,80 http,$IP6_INET_HQ,80)
printf '%s\n' "$out"
expect "$out" http "$IP4_DMZ" 80 ok
expect "$out" http "$IP6_DMZ" 80 ok
expect "$out" http "$IP4_INET_HQ" 80 ok
expect "$out" http "$IP6_INET_HQ" 80 ok

check_eq "the dmz's SMTP server took 2 messages" \
	"$(grep -c '^message' "$tmp/dmz.log")" 2
check_eq "the internet's SMTP server took 2 messages" \
	"$(grep -c '^message' "$tmp/inet.log")" 2

# ---- counters: one NEW packet (the SYN) per connection ----
zsq -j rule show >"$tmp/rules.json"
counts=$("$ZS_PYTHON" -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    print(r["position"], r["packets"], r["bytes"])' "$tmp/rules.json")
printf '%s\n' "$counts"
packets() { awk -v p="$1" '$1 == p { print $2 }' <<<"$counts"; }
check_eq "internet->dmz smtp rule counted 2 connections" "$(packets 1)" 2
check_eq "internet->dmz web rule counted 2 connections" "$(packets 2)" 2
check_eq "internet->dmz https rule counted nothing" "$(packets 3)" 0
check_eq "dmz->internet smtp rule counted 2" "$(packets 5)" 2
check_eq "lan->dmz rule counted 2" "$(packets 6)" 2
check_eq "lan->internet rule counted 2" "$(packets 7)" 2
check_eq "internet->lan db reject rule counted 2" "$(packets 8)" 2
check "the reject rule logged" bash -c 'dmesg | grep -q "zonesec: rule [0-9]* reject in=wan0 out=lan0"'

# The gateway talking to itself (over lo) is self -> self, whatever
# zone its addresses' prefixes are in.
check "the gateway reaches its own lan address" ping_ok "$NS_GW_HQ" "$IP4_GW_HQ_LAN"
check "and its own IPv6 lan address" ping_ok "$NS_GW_HQ" "$IP6_GW_HQ_LAN"

# ---- conntrack-invalid packets are dropped and counted ----
before=$(zsq -j fw stats | "$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["invalid"])')
ns_run "$NS_INET" "$ZS_PYTHON" "$HELPER" invalid "$IP4_INET_HQ" "$IP4_DMZ" 25
sleep 0.3
after=$(zsq -j fw stats | "$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["invalid"])')
check_match "invalid packets counted ($before -> $after)" "$((after - before))" '^[3-9]$'

# ---- zone membership follows interface names ----
# wan0 becomes wanx, a member of "spare", whose policy to lan is accept.
ns_sysctl "$NS_GW_HQ" net.ipv6.conf.all.keep_addr_on_down=1
ip -n "$NS_GW_HQ" link set wan0 down
ip -n "$NS_GW_HQ" link set wan0 name wanx
ip -n "$NS_GW_HQ" link set wanx up
ns_run "$NS_GW_HQ" ip route replace default via "$IP4_INET_HQ"
ns_run "$NS_GW_HQ" ip -6 route replace default via "$IP6_INET_HQ"
out=$(probe "$NS_INET" connect,$IP4_LAN,80)
expect "$out" connect "$IP4_LAN" 80 ok
ip -n "$NS_GW_HQ" link set wanx down
ip -n "$NS_GW_HQ" link set wanx name wan0
ip -n "$NS_GW_HQ" link set wan0 up
ns_run "$NS_GW_HQ" ip route replace default via "$IP4_INET_HQ"
ns_run "$NS_GW_HQ" ip -6 route replace default via "$IP6_INET_HQ"
out=$(probe "$NS_INET" connect,$IP4_LAN,80)
expect "$out" connect "$IP4_LAN" 80 timeout

# ---- reloads under traffic ----
# An established connection to the dmz's echo port, while the port's rule
# comes and goes; pings lan -> internet; new web connections lan -> dmz.
ip netns exec "$NS_INET" "$ZS_PYTHON" "$HELPER" hold "$IP4_DMZ" 8025 \
	"$tmp/go" >"$tmp/hold.out" 2>&1 &
hold_pid=$!
defer kill "$hold_pid"
for ((i = 0; i < 100; i++)); do
	grep -q established "$tmp/hold.out" && break
	sleep 0.05
done
check "connection to the dmz echo port established" grep -q established "$tmp/hold.out"

ip netns exec "$NS_LAN" ping -q -c 150 -i 0.02 "$IP4_INET_HQ" >"$tmp/ping4" 2>&1 &
p4=$!
ip netns exec "$NS_LAN" ping -q -c 150 -i 0.02 "$IP6_INET_HQ" >"$tmp/ping6" 2>&1 &
p6=$!
web=()
for ((i = 0; i < 8; i++)); do
	web+=("http,$IP4_DMZ,80" "http,$IP6_DMZ,80")
done
ip netns exec "$NS_LAN" "$ZS_PYTHON" "$HELPER" probe "$TMO" "${web[@]}" >"$tmp/web" 2>&1 &
pw=$!
loads=0
for ((i = 0; i < 10; i++)); do
	"$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/b.fw" && loads=$((loads + 1))
	"$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/a.fw" && loads=$((loads + 1))
done
"$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/b.fw" && loads=$((loads + 1))
check_eq "21 reloads under traffic" "$loads" 21
wait "$p4" "$p6" "$pw"
cat "$tmp/ping4" "$tmp/ping6" "$tmp/web"
check "no IPv4 ping lost across reloads" grep -q ' 0% packet loss' "$tmp/ping4"
check "no IPv6 ping lost across reloads" grep -q ' 0% packet loss' "$tmp/ping6"
check_eq "16 new web connections during reloads" "$(grep -c ' ok ' "$tmp/web")" 16

touch "$tmp/go"
wait "$hold_pid"
check "the established connection outlives its rule" grep -q 'after ok' "$tmp/hold.out"
out=$(probe "$NS_INET" connect,$IP4_DMZ,8025)
expect "$out" connect "$IP4_DMZ" 8025 timeout

# ---- bad input: one line, nothing changed ----
zsq fw show >"$tmp/before"
gen=$(zsq -j fw stats | "$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["generation"])')
bad() {
	local desc=$1 err rc=0
	shift
	err=$(run_cmd "$ZONESEC" -n "$NS_GW_HQ" "$@" 2>&1 >/dev/null) || rc=$?
	printf '%s\n' "$err"
	if ((rc == 0)); then
		log_fail "$desc: accepted"
	elif [[ $(wc -l <<<"$err") -ne 1 ]]; then
		log_fail "$desc: the reason is not one line"
	else
		log_pass "$desc: refused ($err)"
	fi
}
bad "delete a zone in use" zone del dmz
bad "overlapping prefix" zone add web prefix 198.51.100.0/24
bad "malformed prefix" zone add web prefix 198.51.100.1/24
bad "interface of another zone" zone add web dev dmz0
bad "unknown zone" rule add from mars to dmz action accept
bad "upside-down port range" rule add from internet to dmz proto tcp dport 30-20 action accept
bad "unknown protocol" rule add from internet to dmz proto bogus action accept
bad "unknown handle" rule del 99999
bad "insert beyond the end" rule insert 999 from lan to dmz action accept
printf 'zone add x dev x0\nrule add from x to self action accept\nrule add from x to nowhere action accept\n' >"$tmp/bad.fw"
bad "a file with an error" fw load "$tmp/bad.fw"
err=$("$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/bad.fw" 2>&1) || true
check_eq "the file's error names file and line" "$err" "$tmp/bad.fw:3: unknown zone 'nowhere'"
zsq fw show >"$tmp/after"
check "the rule set is unchanged" diff -u "$tmp/before" "$tmp/after"
gen2=$(zsq -j fw stats | "$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["generation"])')
check_eq "no new generation" "$gen2" "$gen"

# ---- single changes: insert, replace, delete by handle ----
h=$(zsq -j rule insert 1 from internet to dmz proto tcp dport 8025 action accept |
	"$ZS_PYTHON" -c 'import json,sys; r=json.load(sys.stdin); print(r["handle"], r["position"])')
check_match "insert at position 1" "$h" ' 1$'
out=$(probe "$NS_INET" connect,$IP4_DMZ,8025)
expect "$out" connect "$IP4_DMZ" 8025 ok
check "replace by handle" zs rule replace "${h% *}" from internet to dmz proto tcp dport 8025 action reject
out=$(probe "$NS_INET" connect,$IP4_DMZ,8025)
expect "$out" connect "$IP4_DMZ" 8025 refused
check "delete by handle" zs rule del "${h% *}"
check "zone add/del of an unused zone" bash -c "'$ZONESEC' -n '$NS_GW_HQ' zone add tmp dev nothere0 && '$ZONESEC' -n '$NS_GW_HQ' zone del tmp"

# ---- leak ledger: flush leaves nothing ----
check "flush" zs fw flush
rules=$(zsq -j fw stats | "$ZS_PYTHON" -c 'import json,sys; s=json.load(sys.stdin); print(s["zones"], s["rules"])')
check_eq "after flush: self alone, no rule" "$rules" "1 0"
