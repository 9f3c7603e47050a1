#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zonesec tunnel add / del: tunnels configured from the CLI, between two
# zonesecd on the zonesec module (kernel = zonesec):
#
#     ns a (zonesecd, tunnels_dir a.d)           ns b (zonesecd, tunnels_dir b.d)
#     lo 192.0.2.129/32                          lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
# Both daemons start with a [global] section and no tunnel.
#   1. tunnel add on b (start = wait, the PSK read from stdin) and on a
#      (start = load): each writes a 0600 drop-in, a initiates, SAs on
#      both sides, ping through ESP (tcpdump on a0 sees ESP and no clear
#      echo), the module's SAs count it.
#   2. zonesec reload on both: the tunnel stays, with the same SPIs.
#   3. a restarts (SIGTERM deletes the SAs on both sides): the new daemon
#      reads the drop-in and brings the tunnel up again; traffic passes.
#   4. Bad adds are refused with a one-line reason, exit 1, and change
#      nothing (SAs, policies, tunnels, drop-ins): a bad address, a
#      missing key, an unknown key, a name that exists, a name that is no
#      file name.  del of an unknown tunnel is refused too.
#   5. tunnel del on a: its file is gone, its SAs and policies are gone on
#      a and (by the INFORMATIONAL delete) on b; tunnel show lists
#      nothing; a reload and a restart do not bring it back.  del on b.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"

export PSK="zonesec tunnel add psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}
IKE_KERNEL=zonesec

require_root
require_cmd ip ping tcpdump
ike_require

zonesec_load || die "module"
ike_topology ike_tunnel_add

# global NAME ID: a configuration without a tunnel
global() {
	cat >"$DIR/$1.conf" <<-ZSEOF
		[global]
		kernel = zonesec
		control = $DIR/$1.sock
		id = $2
		tunnels_dir = $1.d
	ZSEOF
}
global a a.example
global b b.example

zs() {	# zs SIDE ARGS...: zonesec over SIDE's control socket
	local side=$1
	shift
	ZONESEC_CONTROL=$DIR/$side.sock "$ZONESEC" "$@"
}
sock_up() { [[ -S "$DIR/$1.sock" ]] && zs "$1" tunnel show; }
# shellcheck disable=SC2317	# through check/wait_for
state_of() {	# SIDE: the first tunnel's state, per tunnel show -j
	zs "$1" tunnel show -j | "$ZS_PYTHON" -c '
import json, sys
t = json.load(sys.stdin)
print(t[0]["state"] if t else "none")'
}
spis() {	# SIDE: "in out" SPIs of the first tunnel
	zs "$1" tunnel show -j | "$ZS_PYTHON" -c '
import json, sys
t = json.load(sys.stdin)[0]
print(t["sa_in"]["spi"], t["sa_out"]["spi"])'
}

start "$NS_B" b
start "$NS_A" a
check "the daemons answer on their control sockets" wait_for 20 sock_up a
wait_for 20 sock_up b
check_eq "no tunnel configured at start" "$(zs a tunnel show -j)" "[]"

# ---- 1: add on both sides ---------------------------------------------------------
# the PSK on stdin: not in the process list
printf '+ echo PSK | zonesec tunnel add t peer 192.0.2.1 ... psk - (b)\n'
# shellcheck disable=SC2016	# expanded by the inner bash
check "1: tunnel add on b (start = wait, psk from stdin)" \
	bash -c 'echo "$PSK" | ZONESEC_CONTROL=$0 "$1" tunnel add t peer 192.0.2.1 \
		peer_id a.example psk - local_prefix 192.0.2.130/32 \
		remote_prefix 192.0.2.129/32 ike_proposals aes128gcm16-prfsha256-x25519 \
		esp_proposals aes128gcm16 start wait' "$DIR/b.sock" "$ZONESEC"
check "1: tunnel add on a (start = load)" \
	zs a tunnel add t peer 192.0.2.2 peer_id b.example psk "$PSK" \
		local_prefix 192.0.2.129/32 remote_prefix 192.0.2.130/32 \
		ike_proposals "aes128gcm16-prfsha256-x25519, aes256gcm16-prfsha256-x25519" \
		esp_proposals aes128gcm16 start load child_lifetime 600
check_eq "1: a's drop-in is a.d/t.conf, mode 0600" "$(stat -c %a "$DIR/a.d/t.conf")" 600
check_eq "1: b's drop-in is b.d/t.conf, mode 0600" "$(stat -c %a "$DIR/b.d/t.conf")" 600
check "1: the drop-in holds the section's words" \
	grep -qx 'ike_proposals = aes128gcm16-prfsha256-x25519, aes256gcm16-prfsha256-x25519' "$DIR/a.d/t.conf"
check "1: SAs on both sides within ${WAIT_UP}s" wait_for "$WAIT_UP" both_up
check_eq "1: tunnel show on a: established" "$(state_of a)" established
esp_ping 1 192.0.2.130

# ---- 2: reload keeps it -------------------------------------------------------------
before=$(spis a)
check "2: reload a" zs a reload
check "2: reload b" zs b reload
check_eq "2: a's tunnel still established after the reloads" "$(state_of a)" established
check_eq "2: the same SPIs (no renegotiation)" "$(spis a)" "$before"
check "2: SAs on both sides" both_up

# ---- 3: restart keeps it ----------------------------------------------------------
check "3: a exits 0 on SIGTERM" stop a
check "3: a's delete removed the SAs on both sides" wait_for 10 both_clean
start "$NS_A" a
check "3: the restarted a brings the tunnel up from its drop-in" wait_for "$WAIT_UP" both_up
check_eq "3: tunnel show on a: established" "$(state_of a)" established
esp_ping 3 192.0.2.130

# ---- 4: bad adds change nothing ------------------------------------------------------
export ZONESEC_CONTROL=$DIR/a.sock
files_before=$(ls -A "$DIR/a.d")
show_before=$(zs a tunnel show -j | "$ZS_PYTHON" -c 'import json, sys; print([t["name"] for t in json.load(sys.stdin)])')
expect_refused "$NS_A" "4: a bad peer address" \
	"^zonesec: tunnel add u: peer: '192.0.2.300' is not an address$" \
	tunnel add u peer 192.0.2.300 peer_id b.example psk "$PSK" \
	local_prefix 10.0.0.0/24 remote_prefix 10.0.1.0/24
expect_refused "$NS_A" "4: no psk nor peer_key" \
	"^zonesec: tunnel add u: tunnel u: neither psk nor peer_key$" \
	tunnel add u peer 192.0.2.2 peer_id b.example \
	local_prefix 10.0.0.0/24 remote_prefix 10.0.1.0/24
expect_refused "$NS_A" "4: an unknown key" \
	"^zonesec: tunnel add u: unknown key 'colour' in \[tunnel u\]$" \
	tunnel add u peer 192.0.2.2 colour blue
expect_refused "$NS_A" "4: a name that exists" \
	"^zonesec: tunnel 't' exists" \
	tunnel add t peer 192.0.2.2 peer_id b.example psk "$PSK" \
	local_prefix 10.0.0.0/24 remote_prefix 10.0.1.0/24
expect_refused "$NS_A" "4: a name that is no file name" \
	"^zonesec: tunnel name '\.\./u'" \
	tunnel add ../u peer 192.0.2.2
expect_refused "$NS_A" "4: del of an unknown tunnel" \
	"^zonesec: no tunnel 'u'$" tunnel del u
unset ZONESEC_CONTROL
check_eq "4: no drop-in written by the refused adds" "$(ls -A "$DIR/a.d")" "$files_before"
check_eq "4: the tunnels are those before" \
	"$(zs a tunnel show -j | "$ZS_PYTHON" -c 'import json, sys; print([t["name"] for t in json.load(sys.stdin)])')" \
	"$show_before"
check_eq "4: the tunnel is still established" "$(state_of a)" established

# ---- 5: del ------------------------------------------------------------------------
check "5: tunnel del on a" zs a tunnel del t
check_fail "5: a's drop-in is gone" test -e "$DIR/a.d/t.conf"
check "5: SAs and policies gone on both sides" wait_for 10 both_clean
check_eq "5: zonesec sa show on a is empty" "$("$ZONESEC" -n "$NS_A" -j sa show)" "[]"
check_eq "5: tunnel show on a lists nothing" "$(zs a tunnel show -j)" "[]"
check "5: reload a" zs a reload
check_eq "5: the reload does not bring it back" "$(zs a tunnel show -j)" "[]"
check "5: a exits 0 on SIGTERM" stop a
start "$NS_A" a
check "5: a restarted" wait_for 20 sock_up a
check_eq "5: the restart does not bring it back" "$(zs a tunnel show -j)" "[]"
check "5: tunnel del on b" zs b tunnel del t
check_fail "5: b's drop-in is gone" test -e "$DIR/b.d/t.conf"
check_eq "5: tunnel show on b lists nothing" "$(zs b tunnel show -j)" "[]"
check "5: nothing installed on either side" both_clean
check "5: a exits 0 on SIGTERM" stop a
check "5: b exits 0 on SIGTERM" stop b

if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a.log" "$DIR/b.log"
fi
