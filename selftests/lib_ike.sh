# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the zonesecd guest tests that run two peers in NS_A and NS_B
# (ike_rekey.sh, ike_rekey_strongswan.sh, ike_dpd.sh, ike_cookie.sh):
# config files, starting and stopping daemons, counting what the backend
# holds (IKE_KERNEL: xfrm, the default, or zonesec; needs lib_ipsec.sh),
# a paced TCP transfer that must arrive whole.  Needs lib.sh, $DIR, $PSK,
# $ZONESECD, NS_A and NS_B.

# ike_topology NAME: $DIR, and a and b joined by a veth pair
#     ns a: lo 192.0.2.129/32, a0 192.0.2.1/25
#     ns b: lo 192.0.2.130/32, b0 192.0.2.2/25
ike_topology() {
	DIR=$(mktemp -d "/tmp/$1.XXXXXX")
	defer rm -rf "$DIR"
	setup_ns NS_A NS_B || die "namespaces"
	veth_link "$NS_A" a0 "$NS_B" b0 || die "veth"
	ip_batch "$NS_A" <<-IPEOF || die "addresses"
		addr add 192.0.2.1/25 dev a0
		addr add 192.0.2.129/32 dev lo
		route add 192.0.2.130/32 via 192.0.2.2 src 192.0.2.129
	IPEOF
	ip_batch "$NS_B" <<-IPEOF || die "addresses"
		addr add 192.0.2.2/25 dev b0
		addr add 192.0.2.130/32 dev lo
		route add 192.0.2.129/32 via 192.0.2.1 src 192.0.2.130
	IPEOF
	defer stop_all
}

# conf NAME ID PEER PEER_ID LOCAL REMOTE START EXTRA-LINE...
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
		psk = $PSK
		local_prefix = $5
		remote_prefix = $6
		ike_proposals = aes128gcm16-prfsha256-x25519
		esp_proposals = aes128gcm16
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

# charon_etc NS [LOG-SUBSYSTEM...]: a strongSwan configuration of charon's
# own for NS, in /etc/netns/NS (ip netns exec mounts it over /etc),
# removed at exit; charon logs to $DIR/charon.log, IKE and each
# LOG-SUBSYSTEM (chd, cfg, ...) at level 2. Sets ETC; swanctl.conf and
# conf.d are the test's.
charon_etc() {
	local ns=$1 sub levels=''
	shift
	[[ -n "$ns" ]] || die "no namespace name"
	for sub; do
		levels+=$'\n'"$sub = 2"
	done
	ETC=/etc/netns/$ns
	mkdir -p "$ETC/swanctl/conf.d"
	defer rm -rf "$ETC"
	cat >"$ETC/strongswan.conf" <<-SWEOF
		charon {
			load = random nonce openssl kdf pem pkcs1 pkcs8 pubkey x509 kernel-netlink socket-default vici
			install_routes = no
			filelog {
				log {
					path = $DIR/charon.log
					time_format = %T
					default = 1
					ike = 2$levels
				}
			}
		}
		swanctl {
			load = random openssl pem pkcs1 pkcs8 pubkey x509
		}
	SWEOF
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
