#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What FW_LOAD keeps, and where it says a refused file is wrong:
#
# - a rule identical to one of the set it replaces (zones by name,
#   protocol, prefixes, ports, ICMP type, action, log) keeps its handle
#   and its counters, even when zones and rules move around it; a rule
#   that changed, or whose zone is now another zone of the same id,
#   starts again from zero with a new handle;
# - an error only the kernel finds (`fw check` passes the file) is
#   reported as FILE:LINE: reason, the line of the zone it is in, and
#   nothing changes.
#
#   inet ── wan0 [gw_hq] dmz0 ── dmz   web :80, echo :8025
#                        lan0 ── lan   db :5432

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_fw.sh
source "$(dirname "$0")/lib_fw.sh"

require_root
require_cmd "$ZS_PYTHON"

fw_setup

serve "$NS_DMZ" dmz http:80 echo:8025
serve "$NS_LAN" lan echo:5432

# connect N ADDR PORT: N connections from inet
connect() {
	local i specs=()
	for ((i = 0; i < $1; i++)); do specs+=("connect,$2,$3"); done
	ip netns exec "$NS_INET" "$ZS_PYTHON" "$HELPER" probe "$TMO" "${specs[@]}" >/dev/null
}

# rules: "handle packets key" per rule in order; key = dport + action
rules() {
	zsq -j rule show | "$ZS_PYTHON" -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["handle"], r["packets"], "%s-%s-%s" % (r["to"], r.get("dport", ["any"])[0], r["action"]))'
}
field() { awk -v k="$2" -v f="$3" '$3 == k { print $f }' <<<"$1"; }

cat >"$tmp/a.fw" <<'EOF'
zone add internet dev wan0
zone add dmz dev dmz0
zone add lan dev lan0
rule add from internet to dmz proto tcp dport 80 action accept
rule add from internet to dmz proto tcp dport 8025 action accept
rule add from internet to lan proto tcp dport 5432 action accept
EOF
check "load a.fw" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/a.fw"
connect 3 "$IP4_DMZ" 80
connect 2 "$IP4_DMZ" 8025
connect 1 "$IP4_LAN" 5432
r1=$(rules)
printf '%s\n' "$r1"
check_eq "counters before the reload" \
	"$(field "$r1" dmz-80-accept 2) $(field "$r1" dmz-8025-accept 2) $(field "$r1" lan-5432-accept 2)" "3 2 1"

# b.fw: a new zone first (it would take internet's id), a new rule first,
# the 8025 rule changed (drop), the others identical but moved.
cat >"$tmp/b.fw" <<'EOF'
zone add extra dev nosuch0
zone add lan dev lan0
zone add internet dev wan0
zone add dmz dev dmz0
rule add from internet to lan proto tcp dport 22 action drop
rule add from internet to lan proto tcp dport 5432 action accept
rule add from internet to dmz proto tcp dport 8025 action drop
rule add from internet to dmz proto tcp dport 80 action accept
EOF
check "load b.fw" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/b.fw"
r2=$(rules)
printf '%s\n' "$r2"
check_eq "identical rule (80) kept its handle" "$(field "$r2" dmz-80-accept 1)" "$(field "$r1" dmz-80-accept 1)"
check_eq "identical rule (80) kept its counters" "$(field "$r2" dmz-80-accept 2)" 3
check_eq "identical rule (5432) kept handle and counters" \
	"$(field "$r2" lan-5432-accept 1) $(field "$r2" lan-5432-accept 2)" \
	"$(field "$r1" lan-5432-accept 1) 1"
check_eq "changed rule (8025) starts from zero" "$(field "$r2" dmz-8025-drop 2)" 0
h8025=$(field "$r2" dmz-8025-drop 1)
check "changed rule has a new handle" test "$h8025" -gt "$(field "$r1" lan-5432-accept 1)"
check_eq "new rule starts from zero" "$(field "$r2" lan-22-drop 2)" 0
connect 1 "$IP4_DMZ" 80
check_eq "a kept rule goes on counting" "$(field "$(rules)" dmz-80-accept 2)" 4

# c.fw: dmz renamed web; a rule to "web" is not the rule to "dmz", even if
# the new zone gets dmz's id.
sed 's/\bdmz\b/web/' "$tmp/b.fw" >"$tmp/c.fw"
check "load c.fw (dmz renamed web)" "$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/c.fw"
r3=$(rules)
printf '%s\n' "$r3"
check_eq "rule to the renamed zone starts from zero" "$(field "$r3" web-80-accept 2)" 0
check_eq "rule between unchanged zones still kept" "$(field "$r3" lan-5432-accept 2)" 1
check_eq "fw show reloads with every counter kept" "$(zsq fw show | "$ZONESEC" -n "$NS_GW_HQ" fw load - && rules)" "$r3"

# ---- FILE:LINE for an error only the kernel finds --------------------------
cat >"$tmp/bad.fw" <<'EOF'
# line 1
zone add internet dev wan0
zone add lan dev lan0

zone add odd dev lan1 dev .
rule add from internet to lan action accept
EOF
check "fw check passes the file (the CLI cannot know)" "$ZONESEC" fw check "$tmp/bad.fw"
before=$(zsq fw show; rules)
rc=0
err=$("$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/bad.fw" 2>&1) || rc=$?
printf '%s\n' "$err"
check_eq "refused with exit 1" "$rc" 1
check_eq "refused with FILE:LINE and the kernel's reason" "$err" \
	"$tmp/bad.fw:5: zonesec: invalid interface name"
check_eq "nothing changed" "$(zsq fw show; rules)" "$before"
printf 'zone add a dev x0\nzone add b dev x1\nzone add c dev ..\n' >"$tmp/bad2.fw"
err=$("$ZONESEC" -n "$NS_GW_HQ" fw load "$tmp/bad2.fw" 2>&1)
check_eq "the third zone's line" "$err" "$tmp/bad2.fw:3: zonesec: invalid interface name"
