#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The zone firewall's operations driven by the kernel's own YNL cli.py,
# given only Documentation/netlink/specs/zonesec.yaml: what it creates,
# zonesec shows; what zonesec loads, it decodes; reply-only and
# out-of-range attributes are refused with the module's reason.
#
#   [ns a] cli.py --spec zonesec.yaml  \
#                                        > zonesec.ko (ns a's rule set)
#   [ns a] zonesec -j ...              /
#
# Without CAP_NET_ADMIN every firewall operation is refused, INFO is not.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

YNL_DIR=${YNL_DIR:-$ZS_TOP_DIR/build/ynl}
CLI=$YNL_DIR/tools/net/ynl/cli.py
SPEC=$ZS_TOP_DIR/Documentation/netlink/specs/zonesec.yaml
SCHEMA=$YNL_DIR/Documentation/netlink/genetlink-c.yaml

require_root
require_cmd "$ZS_PYTHON"
[ -f "$CLI" ] || skip "no $CLI (make extracts it from linux-source-6.12)"

setup_ns NS_A
zonesec_load || exit

tmp=$(mktemp -d)
defer rm -rf "$tmp"

ynl() {
	echo "# cli.py --spec zonesec.yaml $*" >&2
	ip netns exec "$NS_A" "$ZS_PYTHON" "$CLI" --spec "$SPEC" --schema "$SCHEMA" "$@"
}

# 198.51.100.0 as the spec's big-endian u32
check "zone-new through cli.py" ynl --do zone-new --json \
	'{"zone": {"name": "dmz", "iface": ["dmz0", "dmz1"], "prefix": [{"ipv4": 3325256704, "len": 25}]}}'
check "zone-new internet" ynl --do zone-new --json '{"zone": {"name": "internet", "iface": ["wan0"]}}'
check "zone-policy-set through cli.py" ynl --do zone-policy-set --json \
	'{"zone": {"name": "dmz", "policy": [{"to": "internet", "action": 2}]}}'
check "rule-new through cli.py" ynl --do rule-new --output-json --json \
	'{"rule": {"from": "internet", "to": "dmz", "proto": 6, "dport-min": 25, "dport-max": 25, "action": 1, "flags": 1}}'

ynl --dump zone-get --output-json >"$tmp/zones.ynl" || log_fail "zone-get dump"
ynl --dump rule-get --output-json >"$tmp/rules.ynl" || log_fail "rule-get dump"
ynl --do fw-get --output-json >"$tmp/fw.ynl" || log_fail "fw-get"
ip netns exec "$NS_A" "$ZONESEC" -j fw show >"$tmp/fw.zs" || log_fail "zonesec -j fw show"
cat "$tmp/zones.ynl" "$tmp/rules.ynl" "$tmp/fw.ynl" "$tmp/fw.zs"

"$ZS_PYTHON" - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
def load(name):
    text = open(d + "/" + name).read().strip()
    return json.loads(text) if text else None
zones, rules, fw, zs = (load(n) for n in ("zones.ynl", "rules.ynl", "fw.ynl", "fw.zs"))
fails = 0
def check(what, ok):
    global fails
    print(("ok   " if ok else "FAIL ") + what)
    fails += not ok
# zone and rule are multi-attr at the top level: lists of one
yz = {m["zone"][0]["name"]: m["zone"][0] for m in zones}
check("three zones, self built in", sorted(yz) == ["dmz", "internet", "self"]
      and "builtin" in yz["self"])
check("members of dmz", yz["dmz"]["iface"] == ["dmz0", "dmz1"]
      and yz["dmz"]["prefix"][0]["len"] == 25)
check("dmz's policy decodes through the enum",
      yz["dmz"]["policy"] == [{"to": "internet", "action": "drop"}])
zz = {z["name"]: z for z in zs["zones"]}
check("zonesec shows the same prefix", zz["dmz"]["prefixes"] == ["198.51.100.0/25"])
r = rules[0]["rule"][0]
check("one rule, decoded", len(rules) == 1 and r["from"] == "internet"
      and r["to"] == "dmz" and r["dport-min"] == 25 and r["action"] == "accept")
check("same handle as zonesec says", r["handle"] == zs["rules"][0]["handle"])
check("log flag set", zs["rules"][0]["log"] is True)
check("fw-get counts", fw["fw"]["zones"] == 3 and fw["fw"]["rules"] == 1
      and fw["fw"]["generation"] == zs["state"]["generation"])
sys.exit(1 if fails else 0)
PY
check_eq "cli.py and zonesec agree" "$?" 0

# refused with the module's reason
refused() {
	local desc=$1 want=$2 out
	shift 2
	if out=$(ynl "$@" 2>&1); then
		log_fail "$desc: accepted"
	else
		printf '%s\n' "$out"
		check_match "$desc" "$out" "$want"
	fi
}
refused "counters are reply-only" "counters are reply-only" --do rule-new --json \
	'{"rule": {"from": "internet", "to": "dmz", "action": 1, "packets": 5}}'
refused "unknown flag bits" "reserved bit set" --do rule-new --json \
	'{"rule": {"from": "internet", "to": "dmz", "action": 1, "flags": 2}}'
refused "port 0" "out of range" --do rule-new --json \
	'{"rule": {"from": "internet", "to": "dmz", "proto": 6, "dport-min": 0, "action": 1}}'
refused "ports without a protocol" "ports need proto" --do rule-new --json \
	'{"rule": {"from": "internet", "to": "dmz", "dport-min": 22, "action": 1}}'
refused "handle and position together" "not both" --do rule-new --json \
	'{"rule": {"from": "internet", "to": "dmz", "action": 1, "handle": 1, "position": 1}}'
refused "a prefix with host bits" "host bits" --do zone-new --json \
	'{"zone": {"name": "lan", "prefix": [{"ipv4": 3221225985, "len": 24}]}}'
refused "builtin is reply-only" "reply-only" --do zone-new --json \
	'{"zone": {"name": "lan", "builtin": true}}'
refused "loaded rules take no handle" "no handle or position" --do fw-load --json \
	'{"zone": [{"name": "a"}], "rule": [{"from": "a", "to": "self", "action": 1, "handle": 3}]}'
check "fw-load of a whole set through cli.py" ynl --do fw-load --json \
	'{"zone": [{"name": "a", "iface": ["a0"]}, {"name": "self", "policy": [{"to": "a", "action": 2}]}], "rule": [{"from": "a", "to": "self", "proto": 1, "icmp-type": 8, "action": 1}]}'
out=$(ip netns exec "$NS_A" "$ZONESEC" fw show)
printf '%s\n' "$out"
check_eq "zonesec shows what cli.py loaded" "$out" "# zonesec firewall
zone add a dev a0
zone policy from self to a drop
rule add from a to self proto icmp icmp-type 8 action accept"

# Every firewall operation needs CAP_NET_ADMIN, reads included; INFO not.
if command -v setpriv >/dev/null; then
	nobody=(ip netns exec "$NS_A" setpriv --reuid=65534 --regid=65534 --clear-groups)
	out=$(run_cmd "${nobody[@]}" "$ZONESEC" fw show 2>&1) && log_fail "fw show without CAP_NET_ADMIN succeeded"
	check_match "fw show needs CAP_NET_ADMIN" "$out" "Operation not permitted"
	out=$(run_cmd "${nobody[@]}" "$ZONESEC" rule add from a to self action drop 2>&1) &&
		log_fail "rule add without CAP_NET_ADMIN succeeded"
	check_match "rule add needs CAP_NET_ADMIN" "$out" "Operation not permitted"
	check "info needs no privilege" "${nobody[@]}" "$ZONESEC" info
fi
