#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rekeying under traffic, Linux XFRM backend (no zonesec module needed):
#
#     ns a (zonesecd)                           ns b (zonesecd, then charon)
#     lo 192.0.2.129/32                         lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
#   1. zonesecd <-> zonesecd: child rekey_time 6 s on a, IKE rekey every
#      12 s by b.  A paced TCP transfer (about 30 s) between
#      the inner addresses arrives whole (SHA-256 of what was sent), across
#      child rekeys started by either side and an IKE rekey; afterwards
#      each side holds one SA pair and one set of policies.
#   2. zonesecd <-> charon, twice: charon rekeying (child every 5-6 s, IKE
#      every 10-12 s), then us rekeying at the same pace: the transfer
#      arrives whole, charon shows one IKE SA and one child at the end.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ZONESECD=${ZONESECD:-$ZS_LIB_DIR/../userspace/daemon/zonesecd}
CHARON=/usr/lib/ipsec/charon
PSK="zonesec rekey psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}
XFER_S=${ZS_REKEY_XFER_S:-25}

require_root
require_cmd tcpdump ip
[[ -x "$ZONESECD" ]] || die "$ZONESECD not built (make -C userspace/daemon)"

DIR=$(mktemp -d /tmp/ike_rekey.XXXXXX)
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

# conf NAME ID PEER PEER_ID LOCAL REMOTE START EXTRA-LINE...
conf() {
	local extra
	extra=$(printf '%s\n' "${@:8}")
	cat >"$DIR/$1.conf" <<-ZSEOF
		[global]
		kernel = xfrm
		id = $2

		[tunnel peer]
		peer = $3
		peer_id = $4
		psk = $PSK
		local_prefix = $5
		remote_prefix = $6
		ike_proposals = aes128gcm16-prfsha256-x25519
		esp_proposals = aes128gcm16
		child_lifetime = 120
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
defer stop_all

states() {
	ip -n "$1" xfrm state | grep -c '^src'
}

policies() {
	ip -n "$1" xfrm policy | grep -cE '^[[:space:]]+dir (in|out|fwd)'
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

# ---- 1: zonesecd <-> zonesecd ---------------------------------------------

conf a a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 load \
	"rekey_time = 6" "ike_rekey_time = 0"
conf b b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait \
	"rekey_time = 100" "ike_rekey_time = 12"
start "$NS_B" b
sleep 0.5
start "$NS_A" a
up_both() {
	[[ "$(states "$NS_A")" == 2 && "$(states "$NS_B")" == 2 ]]
}
if check "case 1: SAs on both sides within ${WAIT_UP}s" wait_for "$WAIT_UP" up_both; then
	paced_xfer "case 1" "$XFER_S"
	check_match "case 1: a rekeyed the child SA, 3 times or more" \
		"$(count 'rekeying the child SA' "$DIR/a.log")" '^([3-9]|[1-9][0-9]+)$'
	check_match "case 1: b answered as many child rekeys" \
		"$(count 'the peer rekeys the child SA' "$DIR/b.log")" \
		"^$(count 'rekeying the child SA' "$DIR/a.log")\$"
	check_match "case 1: b rekeyed the IKE SA, a followed" \
		"$(count 'rekeying the IKE SA' "$DIR/b.log") $(count 'IKE SA rekeyed' "$DIR/a.log")" \
		'^[1-9][0-9]* [1-9][0-9]*$'
	check "case 1: one SA pair left on each side after the grace period" \
		wait_for 10 up_both
	check_eq "case 1: a's policies unchanged" "$(policies "$NS_A")" 3
	check_eq "case 1: nothing failed in a's log" \
		"$(count 'error:' "$DIR/a.log")" 0
fi
check "case 1: a exits 0 on SIGTERM" stop a
check "case 1: b exits 0 on SIGTERM" stop b
check_eq "case 1: nothing left on b" "$(states "$NS_B")$(policies "$NS_B")" 00
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a.log" "$DIR/b.log"
fi

# ---- 2: zonesecd <-> charon -------------------------------------------------

if [[ ! -x "$CHARON" ]] || ! command -v swanctl >/dev/null ||
	[[ ! -e /usr/lib/ipsec/plugins/libstrongswan-openssl.so ]]; then
	skip "case 2 needs strongswan-charon, swanctl and the openssl plugin"
fi

ETC=/etc/netns/$NS_B
[[ -n "$NS_B" ]] || die "no namespace name"
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
				ike = 2
				chd = 2
			}
		}
	}
	swanctl {
		load = random openssl pem pkcs1 pkcs8 pubkey x509
	}
SWEOF
cat >"$ETC/swanctl/swanctl.conf" <<-SWEOF
	connections {
		zs-slow {
			version = 2
			mobike = no
			local_addrs = 192.0.2.2
			remote_addrs = 192.0.2.1
			proposals = aes128gcm16-prfsha256-x25519
			rekey_time = 12s
			rand_time = 2s
			# TCG is slow: no hard expiry while a rekey is under way
			over_time = 60s
			local {
				auth = psk
				id = b.example
			}
			remote {
				auth = psk
				id = a-slow.example
			}
			children {
				zs-slow-net {
					local_ts = 192.0.2.130/32
					remote_ts = 192.0.2.129/32
					esp_proposals = aes128gcm16
					rekey_time = 6s
					rand_time = 1s
					life_time = 7200s
					start_action = none
				}
			}
		}
		zs-fast {
			version = 2
			mobike = no
			local_addrs = 192.0.2.2
			remote_addrs = 192.0.2.1
			proposals = aes128gcm16-prfsha256-x25519
			rekey_time = 1h
			rand_time = 2s
			# TCG is slow: no hard expiry while a rekey is under way
			over_time = 60s
			local {
				auth = psk
				id = b.example
			}
			remote {
				auth = psk
				id = a-fast.example
			}
			children {
				zs-fast-net {
					local_ts = 192.0.2.130/32
					remote_ts = 192.0.2.129/32
					esp_proposals = aes128gcm16
					rekey_time = 1h
					rand_time = 1s
					life_time = 7200s
					start_action = none
				}
			}
		}
	}
	secrets {
		ike-zs {
			id-1 = b.example
			id-2 = a-fast.example
			id-3 = a-slow.example
			secret = "$PSK"
		}
	}
SWEOF

kill_wait() {
	kill "$1" 2>/dev/null && wait "$1" 2>/dev/null
	return 0
}

printf '+ ip netns exec %s %s &\n' "$NS_B" "$CHARON"
ip netns exec "$NS_B" "$CHARON" >"$DIR/charon.out" 2>&1 &
CHARON_PID=$!
defer kill_wait "$CHARON_PID"
for _ in $(seq 100); do
	[[ -S /run/charon.vici ]] && break
	sleep 0.2
done
check "case 2: charon is up" test -S /run/charon.vici || die "charon did not start"
check "case 2: swanctl --load-all" ns_run "$NS_B" swanctl --load-all --noprompt

sw_sas() {
	ip netns exec "$NS_B" swanctl --list-sas 2>/dev/null
}
sw_up() {
	local out
	out=$(sw_sas)
	[[ "$(states "$NS_A")" == 2 && "$out" == *ESTABLISHED* && "$out" == *INSTALLED* ]]
}

# case2 NAME WHO OUR-REKEY OUR-IKE-REKEY: one run against charon
case2() {
	local n=$1 who=$2
	conf "$n" "$n.example" 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 \
		load "rekey_time = $3" "ike_rekey_time = $4"
	start "$NS_A" "$n"
	if check "$n: tunnel to charon up within ${WAIT_UP}s" wait_for "$WAIT_UP" sw_up; then
		paced_xfer "$n" "$XFER_S"
		if [[ "$who" == us ]]; then
			check_match "$n: we rekeyed the child SA, 3 times or more" \
				"$(count 'rekeying the child SA' "$DIR/$n.log")" '^([3-9]|[1-9][0-9]+)$'
			check_match "$n: we rekeyed the IKE SA" \
				"$(count 'rekeying the IKE SA' "$DIR/$n.log")" '^[1-9][0-9]*$'
		else
			check_match "$n: charon rekeyed the child SA, 3 times or more" \
				"$(count 'the peer rekeys the child SA' "$DIR/$n.log")" '^([3-9]|[1-9][0-9]+)$'
		fi
		check_match "$n: the IKE SA was rekeyed" \
			"$(count 'IKE SA rekeyed' "$DIR/$n.log")" '^[1-9][0-9]*$'
		check "$n: one SA pair on our side after the grace period" \
			wait_for 10 sw_up
		check_match "$n: charon: one IKE SA, one installed child" \
			"$(sw_sas | grep -c ESTABLISHED) $(sw_sas | grep -c INSTALLED)" '^1 1$'
		check_eq "$n: nothing failed in our log" \
			"$(count 'error:' "$DIR/$n.log")" 0
	fi
	check "$n: exits 0 on SIGTERM" stop "$n"
	check "$n: charon's SAs deleted too" wait_for 10 \
		bash -c "! ip netns exec $NS_B swanctl --list-sas 2>/dev/null | grep -q ESTABLISHED"
}

# charon rekeys (child 5-6 s, IKE 10-12 s), ours only every 100 s
case2 a-slow charon 100 100
# we rekey (child 5.4-6 s, IKE 11-12 s), charon only every hour
case2 a-fast us 6 12
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a-slow.log" "$DIR/a-fast.log" "$DIR/charon.log"
fi
