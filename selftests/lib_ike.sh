# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the zonesecd guest tests (ike_*.sh), which run zonesecd in
# NS_A and its peer, zonesecd or strongSwan's charon, in NS_B: the
# topology, config files, starting and stopping daemons, counting what
# the backend holds (IKE_KERNEL: xfrm, the default, or zonesec; needs
# lib_ipsec.sh), traffic through the tunnel, a paced TCP transfer that
# must arrive whole, charon's configuration and start.  Needs lib.sh;
# the tests set $PSK, ike_topology sets $DIR, NS_A and NS_B.

ZONESECD=${ZONESECD:-$ZS_LIB_DIR/../userspace/daemon/zonesecd}
CHARON=/usr/lib/ipsec/charon

# ike_require [charon]: zonesecd is built; with charon, strongSwan's
# charon, swanctl and the openssl plugin the tests' configurations load
# are installed (skip if not: make deps installs them).
ike_require() {
	[[ -x "$ZONESECD" ]] || die "$ZONESECD not built (make -C userspace/daemon)"
	[[ ${1:-} == charon ]] || return 0
	require_cmd swanctl
	[[ -x "$CHARON" ]] || skip "needs $CHARON (strongswan-charon)"
	[[ -e /usr/lib/ipsec/plugins/libstrongswan-openssl.so ]] ||
		skip "needs strongSwan's openssl plugin (libstrongswan-standard-plugins)"
}

# ike_topology NAME: $DIR, and a and b joined by a veth pair; the
# tunnels protect lo <-> lo, each lo routed through the veth:
#     ns a: lo 192.0.2.129/32 2001:db8:1::1/128, a0 192.0.2.1/25 2001:db8::1/64
#     ns b: lo 192.0.2.130/32 2001:db8:2::1/128, b0 192.0.2.2/25 2001:db8::2/64
ike_topology() {
	DIR=$(mktemp -d "/tmp/$1.XXXXXX")
	defer rm -rf "$DIR"
	setup_ns NS_A NS_B || die "namespaces"
	veth_link "$NS_A" a0 "$NS_B" b0 || die "veth"
	ike_side "$NS_A" a0 1
	ike_side "$NS_B" b0 2
	defer stop_all
}

# ike_side NS DEV N: the addresses and routes of side N (1: a, 2: b)
ike_side() {
	local ns=$1 dev=$2 me=$3 peer=$((3 - $3))
	ip_batch "$ns" <<-IPEOF || die "addresses"
		addr add 192.0.2.$me/25 dev $dev
		addr add 192.0.2.$((128 + me))/32 dev lo
		route add 192.0.2.$((128 + peer))/32 via 192.0.2.$peer src 192.0.2.$((128 + me))
		addr add 2001:db8::$me/64 dev $dev nodad
		addr add 2001:db8:$me::1/128 dev lo nodad
		route add 2001:db8:$peer::1/128 via 2001:db8::$peer src 2001:db8:$me::1
	IPEOF
}

# conf NAME ID PEER PEER_ID LOCAL REMOTE START EXTRA-LINE...: $DIR/NAME.conf,
# one tunnel to PEER, lo to lo (LOCAL and REMOTE prefixes), its control
# socket $DIR/NAME.sock; EXTRA-LINEs go in the tunnel.  From the
# environment: PSK (none if empty: peer_key in an EXTRA-LINE),
# PROPOSAL (aes128gcm16), CHILD_LIFETIME (120), GLOBAL_EXTRA (a line of
# [global]), IKE_KERNEL.
conf() {
	local extra
	extra=$(printf '%s\n' "${@:8}")
	cat >"$DIR/$1.conf" <<-ZSEOF
		[global]
		kernel = ${IKE_KERNEL:-xfrm}
		control = $DIR/$1.sock
		id = $2
		${GLOBAL_EXTRA:-}

		[tunnel peer]
		peer = $3
		peer_id = $4
		${PSK:+psk = $PSK}
		local_prefix = $5
		remote_prefix = $6
		ike_proposals = ${PROPOSAL:-aes128gcm16}-prfsha256-x25519
		esp_proposals = ${PROPOSAL:-aes128gcm16}
		child_lifetime = ${CHILD_LIFETIME:-120}
		start = $7
	ZSEOF
	echo "$extra" >>"$DIR/$1.conf"
}

declare -A PID=()
start() {	# start NS NAME
	printf '+ ip netns exec %s %s -f -vv -c %s 2>%s &\n' "$1" "$ZONESECD" \
		"$DIR/$2.conf" "$DIR/$2.log"
	ip netns exec "$1" "$ZONESECD" -f -vv -c "$DIR/$2.conf" 2>"$DIR/$2.log" &
	PID[$2]=$!
}

# start_ready NS NAME: start, then wait until NAME's control socket is
# there (zonesecd binds its IKE sockets first: a peer may initiate)
start_ready() {
	rm -f "$DIR/$2.sock"
	start "$@"
	wait_for 10 test -S "$DIR/$2.sock"
}

stop() {	# stop NAME: SIGTERM, exit 0
	local rc=0
	[[ -n "${PID[$1]:-}" ]] || return 0
	run_cmd kill -TERM "${PID[$1]}"
	wait "${PID[$1]}" || rc=$?
	unset "PID[$1]"
	return "$rc"
}

stop_all() {
	local n
	for n in "${!PID[@]}"; do
		stop "$n"
	done
	return 0
}

kill_wait() {	# kill_wait PID: SIGTERM, reaped; for defer
	kill "$1" 2>/dev/null && wait "$1" 2>/dev/null
	return 0
}

# states NS, policies NS: the SAs and the policies NS holds (the IKE
# sockets' own XFRM policies show as "socket" and are not counted)
# shellcheck disable=SC2153	# ZONESEC: lib.sh's
states() {
	if [[ ${IKE_KERNEL:-xfrm} == zonesec ]]; then
		"$ZONESEC" -n "$1" -j sa show | json_len
	else
		ip -n "$1" xfrm state | grep -c '^src'
	fi
}

policies() {
	if [[ ${IKE_KERNEL:-xfrm} == zonesec ]]; then
		"$ZONESEC" -n "$1" -j policy show | json_len
	else
		ip -n "$1" xfrm policy | grep -cE '^[[:space:]]+dir (in|out|fwd)'
	fi
}

# sa_packets NS: the packets NS's SAs counted, in and out
sa_packets() {
	if [[ ${IKE_KERNEL:-xfrm} == zonesec ]]; then
		"$ZONESEC" -n "$1" -j sa show | "$ZS_PYTHON" -c '
import json, sys
print(sum(s["stats"]["packets-in"] + s["stats"]["packets-out"] for s in json.load(sys.stdin)))'
	else
		ip -n "$1" -s xfrm state | grep -oE '[0-9]+\(packets\)' |
			awk -F'(' '{ n += $1 } END { print n + 0 }'
	fi
}

# shellcheck disable=SC2317	# through check and wait_for
both_up() {	# one SA pair on each side
	[[ "$(states "$NS_A")" == 2 && "$(states "$NS_B")" == 2 ]]
}

# shellcheck disable=SC2317
ns_clean() {	# ns_clean NS: no SA, no policy
	[[ "$(states "$1")" == 0 && "$(policies "$1")" == 0 ]]
}

# shellcheck disable=SC2317
both_clean() {
	ns_clean "$NS_A" && ns_clean "$NS_B"
}

# shellcheck disable=SC2317
ping_through() {	# SAs on both sides, and a ping from a's lo to b's
	both_up && ip netns exec "$NS_A" ping -c 3 -i 0.3 -W 3 -q 192.0.2.130
}

# esp_ping WHAT TARGET [nocount]: 5 pings from a to TARGET (b's lo) with
# a capture on a0 going out: it sees an ESP packet for each echo and no
# clear ICMP echo (IPv4 or IPv6); a's SAs count >= 10 packets, the echoes
# and their replies, unless nocount (a rekey in the middle moves the
# counts to a new pair, and the old pair goes with its counts).
esp_ping() {
	local what=$1 target=$2 cap=$DIR/cap-$RANDOM.pcap esp icmp
	local filt='(icmp and (icmp[0] = 8 or icmp[0] = 0)) or (icmp6 and (ip6[40] = 128 or ip6[40] = 129))'
	pcap_start "$NS_A" a0 "$cap" -Q out
	check "$what: ping $target through the tunnel" \
		ip netns exec "$NS_A" ping -c 5 -i 0.3 -W 3 -q "$target"
	pcap_stop "$cap"
	esp=$(tcpdump -r "$cap" -n esp 2>/dev/null | wc -l)
	icmp=$(tcpdump -r "$cap" -n "$filt" 2>/dev/null | wc -l)
	check_match "$what: tcpdump on a0 (out) sees >= 5 ESP packets" "$esp" '^([5-9]|[1-9][0-9]+)$'
	check_eq "$what: tcpdump on a0 (out) sees no clear ICMP echo" "$icmp" 0
	[[ ${3:-} == nocount ]] && return 0
	check_match "$what: a's ${IKE_KERNEL:-xfrm} SAs count >= 10 packets" \
		"$(sa_packets "$NS_A")" '^[1-9][0-9]+$'
}

wait_for() {	# wait_for SECONDS CMD... (by the clock: TCG makes execs slow)
	local end=$((SECONDS + $1))
	shift
	while ((SECONDS < end)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	"$@" >/dev/null 2>&1
}

count() {	# count PATTERN FILE
	grep -c -- "$1" "$2" || true
}

# paced_xfer WHAT SECONDS: one TCP connection from a's inner address to
# b's, 16 KiB every 50 ms for SECONDS; the receiver's SHA-256 and byte
# count must be the sender's.
paced_xfer() {
	local what=$1 secs=$2 port=$((20000 + RANDOM % 10000)) srv
	ip netns exec "$NS_B" "$ZS_PYTHON" -c '
import hashlib, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.130", int(sys.argv[1]))); s.listen(1); s.settimeout(120)
c, _ = s.accept(); c.settimeout(120); h = hashlib.sha256(); n = 0
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b); n += len(b)
print(n, h.hexdigest())' "$port" >"$DIR/got" &
	srv=$!
	ip netns exec "$NS_A" "$ZS_PYTHON" -c '
import hashlib, os, socket, sys, time
for _ in range(100):
    try:
        s = socket.create_connection(("192.0.2.130", int(sys.argv[1])), timeout=120); break
    except OSError:
        time.sleep(0.2)
h = hashlib.sha256(); n = 0; end = time.time() + float(sys.argv[2])
while time.time() < end:
    b = os.urandom(16384); s.sendall(b); h.update(b); n += len(b)
    time.sleep(0.05)
s.close()
print(n, h.hexdigest())' "$port" "$secs" >"$DIR/sent"
	wait "$srv"
	check_match "$what: sender sent data" "$(cat "$DIR/sent")" '^[1-9][0-9]* [0-9a-f]{64}$'
	check_eq "$what: every byte arrived, in order (count and SHA-256)" \
		"$(cat "$DIR/got")" "$(cat "$DIR/sent")"
}

show_logs() {
	local f
	for f in "$@"; do
		echo "# ---- $f"
		[[ -f "$f" ]] && sed 's/^/#   /' "$f"
	done
	return 0
}


# udp_stat NS COUNTER: the kernel's IPv4 UDP COUNTER in NS (a name of
# the Udp: lines of /proc/net/snmp: OutDatagrams, RcvbufErrors, ...)
# shellcheck disable=SC2016	# awk's fields, not shell expansions
udp_stat() {
	ip netns exec "$1" awk -v c="$2" '/^Udp:/ {
		if (!i) { for (n = 1; n <= NF; n++) if ($n == c) i = n }
		else print $i }' /proc/net/snmp
}

# zsd_stat NAME KEY: one of the counters of daemon NAME (its control
# socket's `stats` answer); KEY drops.REASON for a drop reason (0 if none)
zsd_stat() {
	"$ZS_PYTHON" - "$DIR/$1.sock" "$2" <<-'PYEOF'
		import json, socket, sys
		s = socket.socket(socket.AF_UNIX)
		s.connect(sys.argv[1])
		s.sendall(b"stats\n")
		buf = b""
		while True:
		    b = s.recv(65536)
		    if not b:
		        break
		    buf += b
		v = json.loads(buf)
		for k in sys.argv[2].split(".", 1):
		    v = v.get(k, 0)
		print(v)
	PYEOF
}

# ---- strongSwan's charon ----------------------------------------------------

# charon_etc NS [SETTING...]: a strongSwan configuration of charon's own
# for NS, in /etc/netns/NS (ip netns exec mounts it over /etc), removed
# at exit; sets ETC (swanctl.conf and conf.d are the test's: charon_conf).
# charon logs to $DIR/charon.log, IKE at level 2 and the rest at 1.
# SETTINGs: SUBSYSTEM (chd, cfg, ...) logs that at level 2; KEY=VALUE
# sets KEY of the log (a level: default=0, ike=1; path=FILE);
# charon.KEY=VALUE an option of charon's (charon.retransmit_tries=2).
charon_etc() {
	local ns=$1 arg key opts='' log=''
	local -A lv=([path]=$DIR/charon.log [time_format]=%T [default]=1 [ike]=2)
	local -a order=(path time_format default ike)
	shift
	[[ -n "$ns" ]] || die "no namespace name"
	for arg; do
		case $arg in
		charon.*=*)
			arg=${arg#charon.}
			opts+=$'\n'"${arg%%=*} = ${arg#*=}"
			continue ;;
		*=*)	key=${arg%%=*} arg=${arg#*=} ;;
		*)	key=$arg arg=2 ;;
		esac
		[[ -n "${lv[$key]+set}" ]] || order+=("$key")
		lv[$key]=$arg
	done
	for key in "${order[@]}"; do
		log+=$'\n'"$key = ${lv[$key]}"
	done
	ETC=/etc/netns/$ns
	mkdir -p "$ETC/swanctl/conf.d"
	defer rm -rf "$ETC"
	cat >"$ETC/strongswan.conf" <<-SWEOF
		charon {
			# kdf: 5.9.8 derives keys through it (KDF_PRF)
			load = random nonce openssl kdf pem pkcs1 pkcs8 pubkey x509 kernel-netlink socket-default vici
			install_routes = no$opts
			filelog {
				log {$log
				}
			}
		}
		swanctl {
			load = random openssl pem pkcs1 pkcs8 pubkey x509
		}
	SWEOF
}

# charon_start [LABEL]: charon in NS_B with $ETC's configuration, its
# output in $DIR/charon.out, stopped at exit; checks that it is up and
# that swanctl loads the configuration (LABEL in front of their names).
charon_start() {
	# a charon killed by an earlier test leaves its socket file: without
	# this, the wait would not wait
	rm -f /run/charon.vici
	printf '+ ip netns exec %s %s &\n' "$NS_B" "$CHARON"
	ip netns exec "$NS_B" "$CHARON" >"$DIR/charon.out" 2>&1 &
	CHARON_PID=$!
	defer kill_wait "$CHARON_PID"
	check "${1:-}charon is up (vici socket)" wait_for 20 test -S /run/charon.vici ||
		die "charon did not start"
	check "${1:-}swanctl --load-all" swanctl_b --load-all --noprompt
}

swanctl_b() {	# swanctl in NS_B, echoed
	ns_run "$NS_B" swanctl "$@"
}

charon_sas() {	# swanctl --list-sas in NS_B
	ip netns exec "$NS_B" swanctl --list-sas 2>/dev/null
}

# shellcheck disable=SC2317	# through check and wait_for
charon_installed() {	# an IKE SA established, a child installed
	local out
	out=$(charon_sas)
	[[ "$out" == *ESTABLISHED* && "$out" == *INSTALLED* ]]
}

# shellcheck disable=SC2317
charon_up() {	# a holds one SA pair, charon an installed child
	[[ "$(states "$NS_A")" == 2 ]] && charon_installed
}

# shellcheck disable=SC2317
charon_down() {	# no IKE SA established
	[[ "$(charon_sas)" != *ESTABLISHED* ]]
}

# charon_conn NAME A-ID [WORD...]: on stdout, for charon_conf, connection
# NAME of charon in b (ID b.example) to zonesecd in a (ID A-ID), with
# one child, NAME-net, that a starts (start_action = none): by default
# IPv4 (192.0.2.2 to 192.0.2.1, inner 192.0.2.130/32 to 192.0.2.129/32),
# PSK, aes128gcm16 (IKE: aes128gcm16-prfsha256-x25519).  WORDs:
#   v6           IPv6 (2001:db8::2 to ::1, inner 2001:db8:2::1/128 to
#                2001:db8:1::1/128) and chacha20poly1305
#   pubkey       Ed25519: b's key b.pem (swanctl/private, pubkey), a's
#                a.pem (swanctl/pubkey)
#   pfs          the child's proposal with x25519: a key exchange each rekey
#   KEY=VALUE    a line of the connection (rekey_time=12s)
#   child.KEY=VALUE  a line of the child
charon_conn() {
	local name=$1 aid=$2 word line
	local me=192.0.2.2 peer=192.0.2.1 lts=192.0.2.130/32 rts=192.0.2.129/32
	local prop=aes128gcm16 ke='' auth=psk bkey='' akey='' lines='' clines=''
	shift 2
	for word; do
		line=${word%%=*}" = "${word#*=}
		case $word in
		v6)	me=2001:db8::2 peer=2001:db8::1 prop=chacha20poly1305
			lts=2001:db8:2::1/128 rts=2001:db8:1::1/128 ;;
		pubkey)	auth=pubkey bkey="pubkeys = b.pem" akey="pubkeys = a.pem" ;;
		pfs)	ke=-x25519 ;;
		child.*=*) clines+=${line#child.}$'\n' ;;
		*=*)	lines+=$line$'\n' ;;
		*)	die "charon_conn: what is '$word'?" ;;
		esac
	done
	cat <<-SWEOF
		$name {
			version = 2
			mobike = no
			local_addrs = $me
			remote_addrs = $peer
			proposals = $prop-prfsha256-x25519
			$lines
			local {
				auth = $auth
				id = b.example
				$bkey
			}
			remote {
				auth = $auth
				id = $aid
				$akey
			}
			children {
				$name-net {
					local_ts = $lts
					remote_ts = $rts
					esp_proposals = $prop$ke
					start_action = none
					$clines
				}
			}
		}
	SWEOF
}

# charon_conf A-ID...: $ETC/swanctl/swanctl.conf (charon_etc) with the
# connections on stdin (charon_conn's) and $PSK shared by b.example and
# each A-ID.
charon_conf() {
	local id n=1
	{
		echo "connections {"
		cat
		echo "}"
		echo "secrets {"
		echo "	ike-zs {"
		echo "		id-$n = b.example"
		for id; do
			n=$((n + 1))
			echo "		id-$n = $id"
		done
		echo "		secret = \"$PSK\""
		echo "	}"
		echo "}"
	} >"$ETC/swanctl/swanctl.conf"
}
