#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zonesecd against a stock strongSwan (Debian's charon + swanctl, on
# Linux XFRM), zonesecd with the zonesec module backend (kernel = zonesec;
# ike_strongswan_xfrm.sh: the same with zonesecd on XFRM too):
#
#     ns a (zonesecd)                            ns b (charon)
#     lo 192.0.2.129/32  2001:db8:1::1/128       lo 192.0.2.130/32  2001:db8:2::1/128
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#           2001:db8::1/64                         2001:db8::2/64
#
# The child SA protects inner <-> inner (lo addresses), tunnelled between
# the veth addresses.  After each tunnel comes up: ESTABLISHED + INSTALLED
# in swanctl --list-sas, a ping through it, tcpdump on zonesecd's sending
# link sees ESP and no clear ICMP, both sides count packets; SIGTERM makes
# zonesecd delete the SAs on both sides.
#   1. zonesecd initiates, PSK            2. charon initiates, Ed25519
#   3. zonesecd initiates, Ed25519        4. charon initiates, PSK
#   5. zonesecd initiates, PSK, IPv6 outside and inside, ChaCha20-Poly1305
#   6. zonesecd initiates with a wrong PSK: AUTHENTICATION_FAILED from
#      charon, nothing installed on zonesecd's side.
#   7. charon initiates with a wrong PSK: zonesecd answers
#      AUTHENTICATION_FAILED, installs nothing.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"

PSK="zonesec interop psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}	# seconds; TCG is slow
CHILD_LIFETIME=3600

require_root
require_cmd tcpdump openssl ip
ike_require charon

# Cases per guest test (each within its time): ike_strongswan.sh 1 2 3,
# ike_strongswan_more.sh 4 6 7, ike_strongswan_xfrm.sh 1 4 5 on XFRM,
# ike_strongswan_v6.sh 5 (IPv6) on the module.
IKE_KERNEL=${ZS_IKE_BACKEND:-zonesec}
CASES=" ${ZS_IKE_CASES:-1 2 3} "
want() { [[ $CASES == *" $1 "* ]]; }
[[ $IKE_KERNEL == xfrm ]] || zonesec_load || die "module"

ike_topology ike_strongswan

# ---- keys ------------------------------------------------------------------

run_cmd "$ZONESECD" --genkey "$DIR/a.key" || die "zonesecd --genkey"
check_eq "--genkey writes mode 0600" "$(stat -c %a "$DIR/a.key")" 600
"$ZONESECD" --pubkey "$DIR/a.key" >"$DIR/a.pub" || die "zonesecd --pubkey"
run_cmd openssl genpkey -algorithm ed25519 -out "$DIR/b.key" || die "openssl genpkey"
run_cmd openssl pkey -in "$DIR/b.key" -pubout -out "$DIR/b.pub" || die "openssl pkey"

# ---- strongSwan in NS_B ------------------------------------------------------

charon_etc "$NS_B" cfg charon.retransmit_tries=2 charon.retransmit_timeout=2
mkdir -p "$ETC/swanctl/private" "$ETC/swanctl/pubkey"
cp "$DIR/b.key" "$ETC/swanctl/private/b.pem"
cp "$DIR/b.pub" "$ETC/swanctl/pubkey/b.pem"
cp "$DIR/a.pub" "$ETC/swanctl/pubkey/a.pem"
{
	charon_conn zs-psk zs-psk.example
	charon_conn zs-key zs-key.example pubkey
	charon_conn zs-v6 zs-psk.example v6
} | charon_conf zs-psk.example
charon_start

# ---- zonesecd in NS_A --------------------------------------------------------

# a_conf NAME ID START [LINE...]: zonesecd's tunnel to charon, IPv4
a_conf() {
	conf "$1" "$2" 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 "$3" \
		"local = 192.0.2.1" "${@:4}"
}

# shellcheck disable=SC2317	# through check and wait_for
all_gone() {
	ns_clean "$NS_A" && charon_down
}

# up_case N WHAT [TARGET]: the tunnel is up on both sides and carries
# traffic, counted by both.
up_case() {
	local what=$2
	if check "case $1: $what: both sides up within ${WAIT_UP}s" wait_for "$WAIT_UP" charon_up; then
		charon_sas
		esp_ping "$what" "${3:-192.0.2.130}"
		check_match "$what: charon's SAs count packets in (swanctl --list-sas)" \
			"$(charon_sas)" 'in  [0-9a-f]+[^,]*, +[0-9]+ bytes, +[1-9][0-9]* packets'
		check_match "$what: charon's SAs count packets out (swanctl --list-sas)" \
			"$(charon_sas)" 'out [0-9a-f]+[^,]*, +[0-9]+ bytes, +[1-9][0-9]* packets'
	fi
}

down_case() {	# down_case N NAME
	check "case $1: zonesecd exits 0 on SIGTERM" stop "$2"
	check "case $1: SAs and policies deleted on both sides" wait_for 10 all_gone
}

# ---- 1: zonesecd initiates, PSK ----------------------------------------------

if want 1; then
	a_conf psk zs-psk.example load
	check "case 1: config checks (zonesecd -t)" "$ZONESECD" -t -c "$DIR/psk.conf"
	start_ready "$NS_A" psk
	up_case 1 "zonesecd -> charon, psk"
	down_case 1 psk
fi

# ---- 2: charon initiates, zonesecd responds, Ed25519 --------------------------

if want 2; then
	PSK='' GLOBAL_EXTRA="private_key = a.key" \
		a_conf key zs-key.example wait "peer_key = b.pub"
	start_ready "$NS_A" key
	check "case 2: swanctl --initiate (charon -> zonesecd, Ed25519)" \
		swanctl_b --initiate --ike zs-key --child zs-key-net --timeout "$WAIT_UP"
	up_case 2 "charon -> zonesecd, ed25519"
	down_case 2 key
fi

# ---- 3: zonesecd initiates, Ed25519 ---------------------------------------------

if want 3; then
	PSK='' GLOBAL_EXTRA="private_key = a.key" \
		a_conf key-i zs-key.example load "peer_key = b.pub"
	start_ready "$NS_A" key-i
	up_case 3 "zonesecd -> charon, ed25519"
	down_case 3 key-i
fi

# ---- 4: charon initiates, zonesecd responds, PSK --------------------------------

if want 4; then
	a_conf psk-r zs-psk.example wait
	start_ready "$NS_A" psk-r
	check "case 4: swanctl --initiate (charon -> zonesecd, PSK)" \
		swanctl_b --initiate --ike zs-psk --child zs-psk-net --timeout "$WAIT_UP"
	up_case 4 "charon -> zonesecd, psk"
	down_case 4 psk-r
fi

# ---- 5: IPv6, ChaCha20-Poly1305 ------------------------------------------------

if want 5; then
	PROPOSAL=chacha20poly1305 conf v6 zs-psk.example 2001:db8::2 b.example \
		2001:db8:1::1/128 2001:db8:2::1/128 load "local = 2001:db8::1"
	start_ready "$NS_A" v6
	up_case 5 "zonesecd -> charon, psk, ipv6, chacha20poly1305" 2001:db8:2::1
	down_case 5 v6
fi

# ---- 6: zonesecd initiates with a wrong PSK ------------------------------------

if want 6; then
	PSK="not the psk charon has" a_conf badpsk zs-psk.example load
	start_ready "$NS_A" badpsk
	check "case 6: zonesecd logs AUTHENTICATION_FAILED from charon" \
		wait_for "$WAIT_UP" grep -q 'AUTHENTICATION_FAILED' "$DIR/badpsk.log"
	check_eq "case 6: nothing installed on zonesecd's side (ip xfrm state)" \
		"$(states "$NS_A")" 0
	check_eq "case 6: no policy on zonesecd's side" "$(policies "$NS_A")" 0
	check_fail "case 6: charon has no ESTABLISHED SA" charon_installed
	check "case 6: zonesecd exits 0 on SIGTERM" stop badpsk
fi

# ---- 7: charon initiates with a wrong PSK -------------------------------------

if want 7; then
	PSK="a different psk, not charon's" a_conf psk2 zs-psk.example wait
	start_ready "$NS_A" psk2
	printf '+ %s\n' "ip netns exec $NS_B swanctl --initiate --ike zs-psk --child zs-psk-net --timeout 20"
	out=$(ip netns exec "$NS_B" swanctl --initiate --ike zs-psk --child zs-psk-net --timeout 20 2>&1)
	rc=$?
	printf '%s\n' "$out"
	check_eq "case 7: swanctl --initiate with a wrong PSK fails" "$((rc != 0))" 1
	check_match "case 7: charon received AUTHENTICATION_FAILED" "$out" \
		'received AUTHENTICATION_FAILED notify error'
	check "case 7: zonesecd says why" \
		grep -q "initiator's AUTH does not verify" "$DIR/psk2.log"
	check_eq "case 7: nothing installed on zonesecd's side (ip xfrm state)" \
		"$(states "$NS_A")" 0
	check_eq "case 7: no policy on zonesecd's side" "$(policies "$NS_A")" 0
	check "case 7: zonesecd exits 0 on SIGTERM" stop psk2
fi

if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR"/*.log "$DIR/charon.out"
fi
