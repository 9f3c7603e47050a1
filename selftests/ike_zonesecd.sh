#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zonesecd to zonesecd, with the zonesec module backend (kernel = zonesec;
# ike_zonesecd_xfrm.sh: the same with Linux XFRM, kernel = xfrm):
#
#     ns a (zonesecd)                            ns b (zonesecd)
#     lo 192.0.2.129/32  2001:db8:1::1/128       lo 192.0.2.130/32  2001:db8:2::1/128
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#           2001:db8::1/64                         2001:db8::2/64
#
#   1. a initiates, PSK, IPv4: traffic through ESP (tcpdump on a0 sees ESP
#      and no clear ICMP echo), both sides count it; SIGTERM on a deletes
#      the SAs on b too (INFORMATIONAL delete).
#   2. b initiates, Ed25519 raw public keys, ChaCha20-Poly1305; IPv6 with
#      XFRM, IPv4 with the module (IPv6 on the module: ike_zonesecd_v6.sh).
#   3. garbage to b's IKE port: dropped, b keeps serving (a tunnel still
#      comes up afterwards), b counts the drops.
#   4. wrong PSK: AUTHENTICATION_FAILED, nothing installed on either side.
#   5 and 6 run as ike_zonesecd_events.sh (one guest test stays in its time):
#   5. (zonesec) start = traffic: a's trap policy; a ping makes the module
#      send ACQUIRE, a negotiates, the ping gets through.
#   6. (zonesec) a short child lifetime (20 s) and no rekey timer: the
#      module's soft EXPIRE makes a rekey the child SA with CREATE_CHILD_SA;
#      the replaced pair's hard EXPIRE tears nothing down (one IKE SA all
#      along), traffic passes on the new pair.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"

PSK="zonesec to zonesec psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-30}
CHILD_LIFETIME=3600

require_root
require_cmd tcpdump ip
ike_require

ike_topology ike_zonesecd

# a's key from zonesecd, b's from the CLI: one key file format
run_cmd "$ZONESECD" --genkey "$DIR/a.key" || die "--genkey"
"$ZONESECD" --pubkey "$DIR/a.key" >"$DIR/a.pub" || die "--pubkey"
check "zonesec genkey" "$ZONESEC" genkey "$DIR/b.key"
check_eq "zonesec genkey writes mode 0600" "$(stat -c %a "$DIR/b.key")" 600
check_fail "zonesec genkey does not overwrite" "$ZONESEC" genkey "$DIR/b.key"
"$ZONESEC" pubkey "$DIR/b.key" >"$DIR/b.pub" || die "zonesec pubkey"
check_eq "zonesec pubkey and zonesecd --pubkey agree" \
	"$("$ZONESECD" --pubkey "$DIR/b.key")" "$(cat "$DIR/b.pub")"

# The cases run by one guest test (each must stay within its time):
# ike_zonesecd.sh 1 2, ike_zonesecd_bad.sh 3 4, ike_zonesecd_events.sh 5 6,
# ike_zonesecd_xfrm.sh 1 2 with ZS_IKE_BACKEND=xfrm, ike_zonesecd_v6.sh 2
# (IPv6) on the module.
IKE_KERNEL=${ZS_IKE_BACKEND:-zonesec}
CASES=" ${ZS_IKE_CASES:-1 2} "
want() { [[ $CASES == *" $1 "* ]]; }

# traffic WHAT TARGET [nocount]: esp_ping, and b's SAs count the
# packets too (unless nocount)
traffic() {
	esp_ping "$@"
	[[ ${3:-} == nocount ]] && return 0
	check_match "$1: b's $IKE_KERNEL SAs count >= 10 packets" \
		"$(sa_packets "$NS_B")" '^[1-9][0-9]+$'
}

# cli_checks NAME: zonesec tunnel over NAME's control socket
# shellcheck disable=SC2317
cli_checks() {
	local sock=$DIR/$1.sock out
	check_eq "$IKE_KERNEL: control socket is 0600" "$(stat -c %a "$sock")" 600
	out=$(ZONESEC_CONTROL=$sock "$ZONESEC" tunnel show)
	printf '%s\n' "$out"
	check_match "$IKE_KERNEL: tunnel show says established" "$out" 'tunnel peer: established'
	out=$(ZONESEC_CONTROL=$sock "$ZONESEC" tunnel show -j)
	printf '%s\n' "$out"
	check_eq "$IKE_KERNEL: tunnel show -j: state" "$(jq_py "$out" 't[0]["state"]')" established
	check_match "$IKE_KERNEL: tunnel show -j: SPIs" "$(jq_py "$out" 't[0]["sa_in"]["spi"] * t[0]["sa_out"]["spi"]')" '^[1-9][0-9]*$'
	check_match "$IKE_KERNEL: tunnel show -j: last handshake" "$(jq_py "$out" 't[0]["last_handshake"]')" '^[1-9][0-9]*$'
	if [[ $IKE_KERNEL == zonesec ]]; then
		check_match "$IKE_KERNEL: tunnel show -j: >= 5 packets out" "$(jq_py "$out" 't[0]["sa_out"]["packets"]')" '^([5-9]|[1-9][0-9]+)$'
		check_match "$IKE_KERNEL: tunnel show -j: bytes in" "$(jq_py "$out" 't[0]["sa_in"]["bytes"]')" '^[1-9][0-9]+$'
	fi
	check_fail "$IKE_KERNEL: tunnel show of an unknown tunnel is refused" \
		env ZONESEC_CONTROL="$sock" "$ZONESEC" tunnel show nosuch
	check_fail "$IKE_KERNEL: tunnel up of an unknown tunnel is refused" \
		env ZONESEC_CONTROL="$sock" "$ZONESEC" tunnel up nosuch
	check "$IKE_KERNEL: reload of an unchanged file" \
		env ZONESEC_CONTROL="$sock" "$ZONESEC" reload
	check_eq "$IKE_KERNEL: still established after the reload" \
		"$(jq_py "$(ZONESEC_CONTROL=$sock "$ZONESEC" tunnel show -j)" 't[0]["state"]')" established
	cp "$DIR/$1.conf" "$DIR/$1.conf.good"
	echo "bogus = 1" >>"$DIR/$1.conf"
	check_fail "$IKE_KERNEL: reload of a bad file is refused" \
		env ZONESEC_CONTROL="$sock" "$ZONESEC" reload
	mv "$DIR/$1.conf.good" "$DIR/$1.conf"
	check_eq "$IKE_KERNEL: still established after the refused reload" \
		"$(jq_py "$(ZONESEC_CONTROL=$sock "$ZONESEC" tunnel show -j)" 't[0]["state"]')" established
}

# jq_py JSON EXPR: EXPR over t = the parsed JSON
jq_py() {
	"$ZS_PYTHON" -c 'import json, sys; t = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

# shellcheck disable=SC2317	# called through wait_for
trap_only() { [[ $(policies "$NS_A") == 1 && $(states "$NS_A") == 0 ]]; }
# shellcheck disable=SC2317
two_rekeys() { (($(grep -c "child SA rekeyed" "$DIR/a-life.log") >= 2)); }

run_cases() {
	# the PSK pair most cases use
	conf a-psk a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 load
	conf b-psk b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait

	# ---- 1: a initiates, PSK, IPv4 -------------------------------------------------
	if want 1; then

		start_ready "$NS_B" b-psk
		start "$NS_A" a-psk
		if check "$IKE_KERNEL case 1: psk, ipv4: SAs on both sides within ${WAIT_UP}s" wait_for "$WAIT_UP" both_up; then
			traffic "$IKE_KERNEL case 1" 192.0.2.130
			cli_checks a-psk
		fi
		check "$IKE_KERNEL case 1: a exits 0 on SIGTERM" stop a-psk
		check_fail "$IKE_KERNEL case 1: no daemon: zonesec tunnel show exits 1" \
			env ZONESEC_CONTROL="$DIR/a-psk.sock" "$ZONESEC" tunnel show
		check "$IKE_KERNEL case 1: a's delete removed b's SAs and policies too" wait_for 10 both_clean
		check "$IKE_KERNEL case 1: b exits 0 on SIGTERM" stop b-psk
	fi
	# ---- 2: b initiates, Ed25519, IPv6, ChaCha20-Poly1305 -------------------------------
	if want 2; then

		# ZS_IKE_V6=1 (ike_zonesecd_v6.sh): IPv6 on the module too
		if [[ $IKE_KERNEL == zonesec && ${ZS_IKE_V6:-0} != 1 ]]; then
			set -- 192.0.2.1 192.0.2.2 192.0.2.129/32 192.0.2.130/32 192.0.2.130
		else
			set -- 2001:db8::1 2001:db8::2 2001:db8:1::1/128 2001:db8:2::1/128 2001:db8:2::1
		fi
		PSK='' PROPOSAL=chacha20poly1305 GLOBAL_EXTRA="private_key = a.key" \
			conf a-key keyid:0a0b0c "$2" "ip:$2" "$3" "$4" wait "peer_key = b.pub"
		PSK='' PROPOSAL=chacha20poly1305 GLOBAL_EXTRA="private_key = b.key" \
			conf b-key "$2" "$1" keyid:0a0b0c "$4" "$3" load "peer_key = a.pub"
		start_ready "$NS_A" a-key
		start "$NS_B" b-key
		if check "$IKE_KERNEL case 2: ed25519: SAs on both sides within ${WAIT_UP}s" wait_for "$WAIT_UP" both_up; then
			traffic "$IKE_KERNEL case 2" "$5"
		fi
		check "$IKE_KERNEL case 2: b exits 0 on SIGTERM" stop b-key
		check "$IKE_KERNEL case 2: b's delete removed a's SAs and policies too" wait_for 10 both_clean
		check "$IKE_KERNEL case 2: a exits 0 on SIGTERM" stop a-key
	fi
	# ---- 3: garbage to the IKE port --------------------------------------------------
	if want 3; then

		start_ready "$NS_B" b-psk
		# truncated, wrong version, a valid-looking header for no SA, random
		check "$IKE_KERNEL case 3: garbage sent to b's IKE port" ip netns exec "$NS_A" "$ZS_PYTHON" -c '
import os, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
hdr = bytes(16) + bytes([0, 0x20, 37, 0x08]) + bytes(4) + (28).to_bytes(4, "big")
for d in [b"\x00" * 10, bytes(17) + b"\x30" + bytes(10), hdr, os.urandom(300),
          os.urandom(16) + bytes([33, 0x20, 34, 0x08]) + bytes(4) + (1000).to_bytes(4, "big")]:
    s.sendto(d, ("192.0.2.2", 500))
'
		start "$NS_A" a-psk
		check "$IKE_KERNEL case 3: b still serves: SAs on both sides" wait_for "$WAIT_UP" both_up
		check "$IKE_KERNEL case 3: a exits 0 on SIGTERM" stop a-psk
		check "$IKE_KERNEL case 3: b exits 0 on SIGTERM" stop b-psk
		check "$IKE_KERNEL case 3: b counted the dropped datagrams" grep 'dropped [0-9]* message' "$DIR/b-psk.log"
		check "$IKE_KERNEL case 3: nothing left installed" wait_for 5 both_clean
	fi
	# ---- 4: wrong PSK ------------------------------------------------------------
	if want 4; then

		PSK="not the right one" \
			conf b-bad b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait
		start_ready "$NS_B" b-bad
		start "$NS_A" a-psk
		check "$IKE_KERNEL case 4: wrong psk: b says AUTHENTICATION_FAILED" \
			wait_for "$WAIT_UP" grep -q "AUTH.*does not verify" "$DIR/b-bad.log"
		check "$IKE_KERNEL case 4: wrong psk: a hears it" \
			wait_for "$WAIT_UP" grep -q "AUTHENTICATION_FAILED" "$DIR/a-psk.log"
		check "$IKE_KERNEL case 4: nothing installed on either side" both_clean
		check "$IKE_KERNEL case 4: a exits 0 on SIGTERM" stop a-psk
		check "$IKE_KERNEL case 4: b exits 0 on SIGTERM" stop b-bad


	fi
	# ---- 5: start = traffic: ACQUIRE ------------------------------------------------
	if want 5; then

		conf a-trap a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 traffic
		start "$NS_B" b-psk
		start "$NS_A" a-trap
		check "zonesec case 5: a's trap policy is in, no SA" \
			wait_for 10 trap_only
		# the first echoes fall into the trap; ACQUIRE brings the tunnel up
		check "zonesec case 5: ping makes the tunnel (ACQUIRE)" \
			wait_for 20 ip netns exec "$NS_A" ping -c 1 -W 1 -q 192.0.2.130
		check "zonesec case 5: a logged the ACQUIRE" grep -q "starting" "$DIR/a-trap.log"
		check "zonesec case 5: SAs on both sides" wait_for 10 both_up
		traffic "zonesec case 5" 192.0.2.130
		check "zonesec case 5: a exits 0 on SIGTERM" stop a-trap
		check "zonesec case 5: b exits 0 on SIGTERM" stop b-psk
		check "zonesec case 5: nothing left, trap included" wait_for 10 both_clean
	fi
	# ---- 6: soft and hard EXPIRE -------------------------------------------------
	if want 6; then

		# soft EXPIRE at 18 s, hard at 20 s: 2 s for the rekey, which a
		# loaded TCG host needs (1 s was not always enough on 6.1)
		CHILD_LIFETIME=20 conf a-life a.example 192.0.2.2 b.example \
			192.0.2.129/32 192.0.2.130/32 load "rekey_time = 0"
		start "$NS_B" b-psk
		start "$NS_A" a-life
		check "zonesec case 6: up" wait_for "$WAIT_UP" both_up
		check "zonesec case 6: soft EXPIRE starts a rekey" \
			wait_for 30 grep -q "soft-expired: rekeying" "$DIR/a-life.log"
		check "zonesec case 6: CREATE_CHILD_SA rekeyed the child SA" \
			wait_for 10 grep -q "child SA rekeyed" "$DIR/a-life.log"
		check "zonesec case 6: a second soft EXPIRE, a second rekey" \
			wait_for 30 two_rekeys
		check_eq "zonesec case 6: no hard EXPIRE of an unreplaced child" \
			"$(grep -c "hard-expired before a rekey" "$DIR/a-life.log")" 0
		check_eq "zonesec case 6: one IKE SA all along" \
			"$(grep -c "IKE SA with .* established" "$DIR/a-life.log")" 1
		check "zonesec case 6: SAs on both sides" wait_for 10 both_up
		traffic "zonesec case 6" 192.0.2.130 nocount
		check "zonesec case 6: a exits 0 on SIGTERM" stop a-life
		check "zonesec case 6: b exits 0 on SIGTERM" stop b-psk
		check "zonesec case 6: nothing left installed" wait_for 5 both_clean
	fi
}

if [[ $IKE_KERNEL == zonesec ]]; then
	zonesec_load || die "module"
fi
run_cases

if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR"/*.log
fi
