#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# zonesecd against a stock strongSwan (Debian's charon + swanctl, on
# Linux XFRM), zonesecd with the zonesec module backend (kernel = zonesec;
# ike_strongswan_xfrm.sh: the same with zonesecd on XFRM too):
#
#     ns zs (zonesecd)                           ns sw (charon)
#     lo 192.0.2.129/32  2001:db8:1::1/128       lo 192.0.2.130/32  2001:db8:2::1/128
#        zs0 192.0.2.1/25 ------- veth ------- sw0 192.0.2.2/25
#            2001:db8::1/64                        2001:db8::2/64
#
# The child SA protects inner <-> inner (lo addresses), tunnelled between
# the veth addresses.  After each tunnel comes up: ESTABLISHED + INSTALLED
# in swanctl --list-sas, a ping through it, tcpdump on zonesecd's sending
# link sees ESP and no clear ICMP, both sides count packets; SIGTERM makes
# zonesecd delete the SAs on both sides.
#   1. zonesecd initiates, PSK            2. charon initiates, Ed25519
#   3. zonesecd initiates, Ed25519        4. charon initiates, PSK
#   5. zonesecd initiates, PSK, IPv6 outside and inside (XFRM backend
#      only until the module's IPv6 datapath lands)
#   6. zonesecd initiates with a wrong PSK: AUTHENTICATION_FAILED from
#      charon, nothing installed on zonesecd's side.
#   7. charon initiates with a wrong PSK: zonesecd answers
#      AUTHENTICATION_FAILED, installs nothing.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

ZONESECD=${ZONESECD:-$ZS_LIB_DIR/../userspace/daemon/zonesecd}
CHARON=/usr/lib/ipsec/charon
PSK="zonesec interop psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}	# seconds; TCG is slow

require_root
require_cmd swanctl tcpdump openssl ip
[[ -x "$CHARON" ]] || skip "needs $CHARON (strongswan-charon)"
[[ -e /usr/lib/ipsec/plugins/libstrongswan-openssl.so ]] ||
	skip "needs strongSwan's openssl plugin (libstrongswan-standard-plugins)"
[[ -x "$ZONESECD" ]] || die "$ZONESECD not built (make -C userspace/daemon)"

# Cases per guest test (each within its time): ike_strongswan.sh 1 2 3,
# ike_strongswan_more.sh 4 6 7, ike_strongswan_xfrm.sh 1 4 5 on XFRM,
# ike_strongswan_v6.sh 5 (IPv6) on the module.
BACKEND=${ZS_IKE_BACKEND:-zonesec}
CASES=" ${ZS_IKE_CASES:-1 2 3} "
want() { [[ $CASES == *" $1 "* ]]; }
[[ $BACKEND == xfrm ]] || zonesec_load || die "module"

DIR=$(mktemp -d /tmp/ike_strongswan.XXXXXX)
defer rm -rf "$DIR"

setup_ns NS_ZS NS_SW || die "namespaces"
veth_link "$NS_ZS" zs0 "$NS_SW" sw0 || die "veth"
ip_batch "$NS_ZS" <<-IPEOF || die "addresses"
	addr add 192.0.2.1/25 dev zs0
	addr add 192.0.2.129/32 dev lo
	route add 192.0.2.130/32 via 192.0.2.2 src 192.0.2.129
	addr add 2001:db8::1/64 dev zs0 nodad
	addr add 2001:db8:1::1/128 dev lo nodad
	route add 2001:db8:2::1/128 via 2001:db8::2 src 2001:db8:1::1
IPEOF
ip_batch "$NS_SW" <<-IPEOF || die "addresses"
	addr add 192.0.2.2/25 dev sw0
	addr add 192.0.2.130/32 dev lo
	route add 192.0.2.129/32 via 192.0.2.1 src 192.0.2.130
	addr add 2001:db8::2/64 dev sw0 nodad
	addr add 2001:db8:2::1/128 dev lo nodad
	route add 2001:db8:1::1/128 via 2001:db8::1 src 2001:db8:2::1
IPEOF

# ---- keys ------------------------------------------------------------------

run_cmd "$ZONESECD" --genkey "$DIR/zs.key" || die "zonesecd --genkey"
check_eq "--genkey writes mode 0600" "$(stat -c %a "$DIR/zs.key")" 600
"$ZONESECD" --pubkey "$DIR/zs.key" >"$DIR/zs.pub" || die "zonesecd --pubkey"
run_cmd openssl genpkey -algorithm ed25519 -out "$DIR/sw.key" || die "openssl genpkey"
run_cmd openssl pkey -in "$DIR/sw.key" -pubout -out "$DIR/sw.pub" || die "openssl pkey"

# ---- strongSwan in NS_SW ----------------------------------------------------

# `ip netns exec` bind-mounts these over /etc/strongswan.conf, /etc/swanctl.
ETC=/etc/netns/$NS_SW
[[ -n "$NS_SW" ]] || die "no namespace name"
mkdir -p "$ETC/swanctl/private" "$ETC/swanctl/pubkey" "$ETC/swanctl/conf.d"
defer rm -rf "$ETC"
cp "$DIR/sw.key" "$ETC/swanctl/private/sw.pem"
cp "$DIR/sw.pub" "$ETC/swanctl/pubkey/sw.pem"
cp "$DIR/zs.pub" "$ETC/swanctl/pubkey/zs.pem"
cat >"$ETC/strongswan.conf" <<-SWEOF
	charon {
		# kdf: 5.9.8 derives keys through it (KDF_PRF)
		load = random nonce openssl kdf pem pkcs1 pkcs8 pubkey x509 kernel-netlink socket-default vici
		install_routes = no
		retransmit_tries = 2
		retransmit_timeout = 2
		filelog {
			log {
				path = $DIR/charon.log
				time_format = %T
				default = 1
				ike = 2
				cfg = 2
			}
		}
	}
	swanctl {
		load = random openssl pem pkcs1 pkcs8 pubkey x509
	}
SWEOF

cat >"$ETC/swanctl/swanctl.conf" <<-SWEOF
	connections {
		zs-psk {
			version = 2
			mobike = no
			local_addrs = 192.0.2.2
			remote_addrs = 192.0.2.1
			proposals = aes128gcm16-prfsha256-x25519
			local {
				auth = psk
				id = sw.example
			}
			remote {
				auth = psk
				id = zs-psk.example
			}
			children {
				net-psk {
					local_ts = 192.0.2.130/32
					remote_ts = 192.0.2.129/32
					esp_proposals = aes128gcm16
					start_action = none
				}
			}
		}
		zs-key {
			version = 2
			mobike = no
			local_addrs = 192.0.2.2
			remote_addrs = 192.0.2.1
			proposals = aes128gcm16-prfsha256-x25519
			local {
				auth = pubkey
				id = sw.example
				pubkeys = sw.pem
			}
			remote {
				auth = pubkey
				id = zs-key.example
				pubkeys = zs.pem
			}
			children {
				net-key {
					local_ts = 192.0.2.130/32
					remote_ts = 192.0.2.129/32
					esp_proposals = aes128gcm16
					start_action = none
				}
			}
		}
		zs-v6 {
			version = 2
			mobike = no
			local_addrs = 2001:db8::2
			remote_addrs = 2001:db8::1
			proposals = chacha20poly1305-prfsha256-x25519
			local {
				auth = psk
				id = sw.example
			}
			remote {
				auth = psk
				id = zs-psk.example
			}
			children {
				net-v6 {
					local_ts = 2001:db8:2::1/128
					remote_ts = 2001:db8:1::1/128
					esp_proposals = chacha20poly1305
					start_action = none
				}
			}
		}
	}
	secrets {
		ike-zs {
			id-1 = sw.example
			id-2 = zs-psk.example
			secret = "$PSK"
		}
	}
SWEOF

kill_wait() {
	kill "$1" 2>/dev/null && wait "$1" 2>/dev/null
	return 0
}

sw() {	# swanctl in NS_SW, echoed
	ns_run "$NS_SW" swanctl "$@"
}

# a charon killed by an earlier test leaves its socket file: without
# this, the wait below would not wait
rm -f /run/charon.vici
printf '+ ip netns exec %s %s &\n' "$NS_SW" "$CHARON"
ip netns exec "$NS_SW" "$CHARON" >"$DIR/charon.out" 2>&1 &
CHARON_PID=$!
defer kill_wait "$CHARON_PID"

for _ in $(seq 100); do
	[[ -S /run/charon.vici ]] && break
	sleep 0.2
done
check "charon is up (vici socket)" test -S /run/charon.vici || die "charon did not start"
check "swanctl --load-all" sw --load-all --noprompt

# ---- zonesecd in NS_ZS -------------------------------------------------------

ZS_PID=
V6=
zs_conf() {	# zs_conf NAME ID GLOBAL-LINE TUNNEL-AUTH-LINE START (V6=1: IPv6)
	local peer=192.0.2.2 local=192.0.2.1 lp=192.0.2.129/32 rp=192.0.2.130/32
	local prop=aes128gcm16
	if [[ -n "$V6" ]]; then
		peer=2001:db8::2 local=2001:db8::1 prop=chacha20poly1305
		lp=2001:db8:1::1/128 rp=2001:db8:2::1/128
	fi
	cat >"$DIR/$1.conf" <<-ZSEOF
		# zonesec.conf for case $1
		[global]
		kernel = $BACKEND
		id = $2
		$3

		[tunnel sw]
		peer = $peer
		local = $local
		peer_id = sw.example
		$4
		local_prefix = $lp
		remote_prefix = $rp
		ike_proposals = $prop-prfsha256-x25519
		esp_proposals = $prop
		start = $5
	ZSEOF
}

zs_start() {	# zs_start NAME
	printf '+ ip netns exec %s %s -f -vv -c %s 2>%s &\n' "$NS_ZS" \
		"$ZONESECD" "$DIR/$1.conf" "$DIR/$1.log"
	ip netns exec "$NS_ZS" "$ZONESECD" -f -vv -c "$DIR/$1.conf" \
		2>"$DIR/$1.log" &
	ZS_PID=$!
	sleep 0.5
}

zs_stop() {	# SIGTERM: zonesecd deletes its SAs and exits 0
	local rc=0
	[[ -n "$ZS_PID" ]] || return 0
	run_cmd kill -TERM "$ZS_PID"
	wait "$ZS_PID" || rc=$?
	ZS_PID=
	return "$rc"
}
defer zs_stop

zs_xfrm_states() {
	if [[ $BACKEND == zonesec ]]; then
		"$ZONESEC" -n "$NS_ZS" -j sa show | json_len
	else
		ip -n "$NS_ZS" xfrm state | grep -c '^src'
	fi
}

# Policies zonesecd installed (the IKE sockets' own show as "socket").
zs_xfrm_policies() {
	if [[ $BACKEND == zonesec ]]; then
		"$ZONESEC" -n "$NS_ZS" -j policy show | json_len
	else
		ip -n "$NS_ZS" xfrm policy | grep -cE '^[[:space:]]+dir (in|out|fwd)'
	fi
}

# zs_counted: packets zonesecd's SAs counted, in and out
zs_counted() {
	if [[ $BACKEND == zonesec ]]; then
		"$ZONESEC" -n "$NS_ZS" -j sa show | "$ZS_PYTHON" -c '
import json, sys
print(sum(s["stats"]["packets-in"] + s["stats"]["packets-out"] for s in json.load(sys.stdin)))'
	else
		ip -n "$NS_ZS" -s xfrm state | grep -oE '[0-9]+\(packets\)' |
			awk -F'(' '{ n += $1 } END { print n + 0 }'
	fi
}

# wait_for SECONDS CMD...: until CMD succeeds
wait_for() {
	local t=$(($1 * 5))
	shift
	while ((t-- > 0)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

sw_sas() {
	ip netns exec "$NS_SW" swanctl --list-sas 2>/dev/null
}

sw_installed() {
	local out
	out=$(sw_sas)
	[[ "$out" == *ESTABLISHED* && "$out" == *INSTALLED* ]]
}

up_both() {
	[[ "$(zs_xfrm_states)" == 2 ]] && sw_installed
}

show_logs() {
	local f
	for f in "$@"; do
		echo "# ---- $f"
		[[ -f "$f" ]] && sed 's/^/#   /' "$f"
	done
	return 0
}

# traffic_through_esp WHAT: ping inner to inner, ESP and no clear ICMP on
# the sending link, counters on both sides.
traffic_through_esp() {	# WHAT [TARGET]
	local what=$1 target=${2:-192.0.2.130} cap=$DIR/cap-${1//[^a-z0-9]/_}.pcap
	local esp icmp
	# clear echo request/reply, not neighbour discovery
	local filt='(icmp and (icmp[0] = 8 or icmp[0] = 0)) or (icmp6 and (ip6[40] = 128 or ip6[40] = 129))'
	pcap_start "$NS_ZS" zs0 "$cap" -Q out
	check "$what: ping $target through the tunnel" \
		ip netns exec "$NS_ZS" ping -c 5 -i 0.3 -W 3 -q "$target"
	pcap_stop "$cap"
	esp=$(tcpdump -r "$cap" -n esp 2>/dev/null | wc -l)
	icmp=$(tcpdump -r "$cap" -n "$filt" 2>/dev/null | wc -l)
	tcpdump -r "$cap" -n 2>/dev/null | head -n 4
	check_match "$what: tcpdump on zs0 (out) sees >= 3 ESP packets" "$esp" '^([3-9]|[1-9][0-9]+)$'
	check_eq "$what: tcpdump on zs0 (out) sees no clear ICMP echo" "$icmp" 0
	# 5 echoes out, 5 replies in
	check_match "$what: zonesecd's $BACKEND SAs count >= 10 packets" \
		"$(zs_counted)" '^[1-9][0-9]+$'
	check_match "$what: charon's SAs count packets in (swanctl --list-sas)" \
		"$(sw_sas)" 'in  [0-9a-f]+[^,]*, +[0-9]+ bytes, +[1-9][0-9]* packets'
	check_match "$what: charon's SAs count packets out (swanctl --list-sas)" \
		"$(sw_sas)" 'out [0-9a-f]+[^,]*, +[0-9]+ bytes, +[1-9][0-9]* packets'
}

all_gone() {
	[[ "$(zs_xfrm_states)" == 0 ]] &&
		[[ "$(zs_xfrm_policies)" == 0 ]] &&
		[[ "$(sw_sas)" != *ESTABLISHED* ]]
}

# up_case N WHAT: the tunnel is up on both sides and carries traffic.
up_case() {	# up_case N WHAT [TARGET]
	if check "case $1: $2: both sides up within ${WAIT_UP}s" wait_for "$WAIT_UP" up_both; then
		sw_sas
		traffic_through_esp "$2" "${3:-}"
	fi
}

down_case() {	# down_case N
	check "case $1: zonesecd exits 0 on SIGTERM" zs_stop
	check "case $1: SAs and policies deleted on both sides" wait_for 10 all_gone
}

# ---- 1: zonesecd initiates, PSK ----------------------------------------------

if want 1; then
	zs_conf psk zs-psk.example "" "psk = $PSK" load
	check "case 1: config checks (zonesecd -t)" "$ZONESECD" -t -c "$DIR/psk.conf"
	zs_start psk
	up_case 1 "zonesecd -> charon, psk"
	down_case 1
fi

# ---- 2: charon initiates, zonesecd responds, Ed25519 --------------------------

if want 2; then
	zs_conf key zs-key.example "private_key = zs.key" "peer_key = sw.pub" wait
	zs_start key
	check "case 2: swanctl --initiate (charon -> zonesecd, Ed25519)" \
		sw --initiate --ike zs-key --child net-key --timeout "$WAIT_UP"
	up_case 2 "charon -> zonesecd, ed25519"
	down_case 2
fi

# ---- 3: zonesecd initiates, Ed25519 ---------------------------------------------

if want 3; then
	zs_conf key-i zs-key.example "private_key = zs.key" "peer_key = sw.pub" load
	zs_start key-i
	up_case 3 "zonesecd -> charon, ed25519"
	down_case 3
fi

# ---- 4: charon initiates, zonesecd responds, PSK --------------------------------

if want 4; then
	zs_conf psk-r zs-psk.example "" "psk = $PSK" wait
	zs_start psk-r
	check "case 4: swanctl --initiate (charon -> zonesecd, PSK)" \
		sw --initiate --ike zs-psk --child net-psk --timeout "$WAIT_UP"
	up_case 4 "charon -> zonesecd, psk"
	down_case 4
fi

# ---- 5: IPv6, ChaCha20-Poly1305 ------------------------------------------------

if want 5; then
	V6=1 zs_conf v6 zs-psk.example "" "psk = $PSK" load
	zs_start v6
	up_case 5 "zonesecd -> charon, psk, ipv6, chacha20poly1305" 2001:db8:2::1
	down_case 5
fi

# ---- 6: zonesecd initiates with a wrong PSK ------------------------------------

if want 6; then
	zs_conf badpsk zs-psk.example "" "psk = not the psk charon has" load
	zs_start badpsk
	check "case 6: zonesecd logs AUTHENTICATION_FAILED from charon" \
		wait_for "$WAIT_UP" grep -q 'AUTHENTICATION_FAILED' "$DIR/badpsk.log"
	check_eq "case 6: nothing installed on zonesecd's side (ip xfrm state)" \
		"$(zs_xfrm_states)" 0
	check_eq "case 6: no policy on zonesecd's side" "$(zs_xfrm_policies)" 0
	check_fail "case 6: charon has no ESTABLISHED SA" sw_installed
	check "case 6: zonesecd exits 0 on SIGTERM" zs_stop
fi

# ---- 7: charon initiates with a wrong PSK -------------------------------------

if want 7; then
	zs_conf psk2 zs-psk.example "" "psk = a different psk, not charon's" wait
	zs_start psk2
	printf '+ %s\n' "ip netns exec $NS_SW swanctl --initiate --ike zs-psk --child net-psk --timeout 20"
	out=$(ip netns exec "$NS_SW" swanctl --initiate --ike zs-psk --child net-psk --timeout 20 2>&1)
	rc=$?
	printf '%s\n' "$out"
	check_eq "case 7: swanctl --initiate with a wrong PSK fails" "$((rc != 0))" 1
	check_match "case 7: charon received AUTHENTICATION_FAILED" "$out" \
		'received AUTHENTICATION_FAILED notify error'
	check "case 7: zonesecd says why" \
		grep -q "initiator's AUTH does not verify" "$DIR/psk2.log"
	check_eq "case 7: nothing installed on zonesecd's side (ip xfrm state)" \
		"$(zs_xfrm_states)" 0
	check_eq "case 7: no policy on zonesecd's side" "$(zs_xfrm_policies)" 0
	check "case 7: zonesecd exits 0 on SIGTERM" zs_stop
fi

if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR"/*.log "$DIR/charon.out"
fi
