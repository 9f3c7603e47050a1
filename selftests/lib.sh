# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for zonesec selftests, sourced by every test script:
#
#   source "$(dirname "$0")/../lib.sh"      # from selftests/<area>/test.sh
#
# - kselftest exit codes: 0 pass, 1 fail, $ksft_skip (4) skip.
# - run_cmd echoes each command ("+ cmd") before running it, so a log
#   shows exactly what was done; check/check_fail/check_eq/check_match and
#   log_pass/log_fail record results, and a test that recorded a failure
#   exits non-zero even if its last command succeeded.  Checks return 1
#   on failure; a test that wants every check to run does not `set -e`.
# - defer CMD... registers cleanup; an EXIT trap runs it in reverse order,
#   always: on success, on failure, under set -e, on SIGINT/SIGTERM (the
#   runner's timeout sends SIGTERM).
# - setup_ns creates network namespaces with unique names (concurrent
#   tests do not collide) and deletes them at exit; build_dmz_scenario
#   builds the DESIGN.md topology in six of them.
#
# Exec is expensive in the TCG guest (0.1-0.5 s per dynamically linked
# program), so the scenario is configured with one `ip -batch` per
# namespace rather than one `ip` per address or route.

[[ -z "${ZS_LIB_SOURCED:-}" ]] || return 0
ZS_LIB_SOURCED=1

# shellcheck disable=SC2034	# used by the test scripts
readonly ksft_pass=0 ksft_fail=1 ksft_xfail=2 ksft_xpass=3 ksft_skip=4

# shellcheck disable=SC2034	# for tests: helpers and data next to lib.sh
ZS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ZS_TOP_DIR=$(cd "$ZS_LIB_DIR/.." && pwd)
ZS_TEST_NAME=${ZS_TEST_NAME:-$(basename "$0")}
# shellcheck disable=SC2034	# for tests
{
	# The Python the guest has for sure (not a pyenv shim from a host shell).
	ZS_PYTHON=${ZS_PYTHON:-/usr/bin/python3}
	# The CLI, as built in the tree.
	ZONESEC=${ZONESEC:-$ZS_TOP_DIR/userspace/cli/zonesec}
}
ZS_CHECKS_PASSED=0
ZS_CHECKS_FAILED=0
ZS_DEFERRED=()
# One suffix for all the namespaces of a test run: unique per process,
# short enough to read in `ip netns` output.
ZS_NS_SUFFIX=${ZS_NS_SUFFIX:-$(printf '%x%04x' $$ $((RANDOM)))}

# ---- logging and results ---------------------------------------------------

log_info() {
	printf '%s\n' "$*"
}

# Record a failure without stopping the test.
log_fail() {
	ZS_CHECKS_FAILED=$((ZS_CHECKS_FAILED + 1))
	printf 'FAIL: %s\n' "$*"
}

log_pass() {
	ZS_CHECKS_PASSED=$((ZS_CHECKS_PASSED + 1))
	printf 'PASS: %s\n' "$*"
}

# die MESSAGE: a failure the test cannot go on after (cleanup still runs).
die() {
	log_fail "$*"
	exit "$ksft_fail"
}

# log_test RC EXPECTED DESCRIPTION: the kselftest net-test idiom.
# Like every check below it returns 1 on failure, so checks can be chained
# with &&; under `set -e` a failed check therefore ends the test.
log_test() {
	local rc=$1 expected=$2
	shift 2
	if [[ "$rc" -eq "$expected" ]]; then
		log_pass "$*"
	else
		log_fail "$* (exit code $rc, expected $expected)"
		return 1
	fi
}

# Print a command the way it would be typed.
zs_quote() {
	local out
	printf -v out ' %q' "$@"
	printf '%s\n' "${out# }"
}

# run_cmd CMD...: echo, then run; returns the command's status.
run_cmd() {
	printf '+ %s\n' "$(zs_quote "$@")"
	"$@"
}

# check DESCRIPTION CMD...: CMD must succeed.
check() {
	local desc=$1 rc=0
	shift
	run_cmd "$@" || rc=$?
	log_test "$rc" 0 "$desc"
}

# check_fail DESCRIPTION CMD...: CMD must fail (any non-zero status).
check_fail() {
	local desc=$1 rc=0
	shift
	run_cmd "$@" || rc=$?
	if ((rc != 0)); then
		log_pass "$desc"
	else
		log_fail "$desc (succeeded, expected a failure)"
		return 1
	fi
}

# check_eq DESCRIPTION ACTUAL EXPECTED
check_eq() {
	if [[ "$2" == "$3" ]]; then
		log_pass "$1"
	else
		log_fail "$1: got '$2', expected '$3'"
		return 1
	fi
}

# check_match DESCRIPTION VALUE REGEX: VALUE matches the extended regular
# expression (bash =~: ^ and $ anchor the whole value, not each line).
check_match() {
	if [[ "$2" =~ $3 ]]; then
		log_pass "$1"
	else
		log_fail "$1: '$2' does not match /$3/"
		return 1
	fi
}

# skip REASON: end the test as skipped (cleanup still runs).
skip() {
	printf 'SKIP: %s\n' "$*"
	exit "$ksft_skip"
}

require_root() {
	[[ "$(id -u)" -eq 0 ]] || skip "needs root"
}

require_cmd() {
	local c
	for c; do
		command -v "$c" >/dev/null || skip "needs '$c'"
	done
}

# ---- cleanup registry ------------------------------------------------------

# defer CMD...: run CMD at exit, after everything deferred later.
defer() {
	ZS_DEFERRED+=("$(zs_quote "$@")")
}

zs_cleanup() {
	local rc=$? i
	set +e
	trap - ERR
	for ((i = ${#ZS_DEFERRED[@]} - 1; i >= 0; i--)); do
		printf '+ (cleanup) %s\n' "${ZS_DEFERRED[i]}"
		eval "${ZS_DEFERRED[i]}" || printf 'cleanup: status %d\n' "$?"
	done
	ZS_DEFERRED=()
	# A recorded failure fails the test even when the script ran to its
	# end (or chose to skip afterwards).
	if ((ZS_CHECKS_FAILED > 0 && (rc == 0 || rc == ksft_skip))); then
		rc=$ksft_fail
	fi
	printf '# %s: %d checks passed, %d failed, exit %d\n' \
		"$ZS_TEST_NAME" "$ZS_CHECKS_PASSED" "$ZS_CHECKS_FAILED" "$rc"
	exit "$rc"
}

# Under set -e, say which command ended the test.
zs_on_err() {
	local rc=$1 line=$2
	[[ $- == *e* ]] || return 0
	printf 'ERROR: %s:%s: command exited with %d: %s\n' \
		"$ZS_TEST_NAME" "$line" "$rc" "$BASH_COMMAND"
}

trap zs_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'zs_on_err $? $LINENO' ERR

# ---- packet captures -------------------------------------------------------

declare -gA ZS_PCAP_PID=()

# pcap_start NS DEV FILE [TCPDUMP-ARGS...]: capture what crosses DEV in NS
# into FILE, in the background, until pcap_stop FILE (or the cleanup).
# --immediate-mode because tcpdump otherwise takes packets from the kernel
# a buffer block at a time: the packets of a block not yet handed over
# when it is stopped never reach FILE.
pcap_start() {
	local ns=$1 dev=$2 file=$3
	shift 3
	printf '+ ip netns exec %s tcpdump -i %s -w %s %s &\n' \
		"$ns" "$dev" "$file" "$*"
	ip netns exec "$ns" tcpdump -i "$dev" -nn -U --immediate-mode \
		-w "$file" "$@" 2>"$file.err" &
	ZS_PCAP_PID[$file]=$!
	defer pcap_stop "$file"
	for _ in $(seq 100); do
		grep -q listening "$file.err" 2>/dev/null && return 0
		sleep 0.1
	done
	cat "$file.err"
	die "tcpdump on $dev in $ns did not start"
}

# pcap_stop FILE: end the capture into FILE once everything it should see
# has been sent; does nothing for a capture already stopped.
pcap_stop() {
	local pid=${ZS_PCAP_PID[$1]:-}

	[[ -n $pid ]] || return 0
	unset "ZS_PCAP_PID[$1]"
	sleep 0.3	# what is still on its way from the sender to the socket
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# ---- the zonesec module ----------------------------------------------------

zonesec_loaded() {
	[[ -d /sys/module/zonesec ]]
}

# zonesec_load [MODULE_PARAMS...]: insmod $ZONESEC_KO (run.sh --module),
# unloaded again at exit.  Skips the test when no module was given.
zonesec_load() {
	[[ -n "${ZONESEC_KO:-}" ]] || skip "no module: ZONESEC_KO is not set (run.sh --module PATH)"
	if [[ ! -f "$ZONESEC_KO" ]]; then
		log_fail "ZONESEC_KO=$ZONESEC_KO: no such file"
		return 1
	fi
	if zonesec_loaded; then
		log_fail "zonesec is already loaded before the test loads it"
		return 1
	fi
	# insmod resolves no dependency: load what the module needs
	# (nf_conntrack, nf_reject_ipv4/6, ...) as modprobe would.
	local deps
	local -a dep_list=()
	deps=$(modinfo -F depends "$ZONESEC_KO" 2>/dev/null) || deps=
	IFS=, read -r -a dep_list <<<"$deps"
	if ((${#dep_list[@]})) && ! run_cmd modprobe -a "${dep_list[@]}"; then
		log_fail "cannot load zonesec's dependencies: $deps"
		return 1
	fi
	if ! run_cmd insmod "$ZONESEC_KO" "$@"; then
		log_fail "insmod $ZONESEC_KO failed"
		return 1
	fi
	defer zonesec_unload
}

# Unload if loaded; a failing rmmod (module still in use) is a failure.
zonesec_unload() {
	zonesec_loaded || return 0
	if ! run_cmd rmmod zonesec; then
		log_fail "rmmod zonesec failed"
		return 1
	fi
}

# ---- namespaces and links --------------------------------------------------

# setup_ns VAR...: for each variable name create a namespace, e.g.
# NS_GW_HQ -> "gw_hq-<suffix>", with lo up and IPv6 DAD off, store its
# name in the variable and delete it at exit.  DAD off: `nodad` covers the
# addresses we add, but link-local ones would stay tentative for a second
# or more under TCG and delay neighbour discovery.
setup_ns() {
	local var name batch=
	local -a names=()
	for var; do
		name=${var,,}
		name=${name#ns_}-$ZS_NS_SUFFIX
		[[ ! -e "/run/netns/$name" ]] || { log_fail "netns $name exists already"; return 1; }
		names+=("$name")
		batch+="netns add $name"$'\n'
	done
	ip_batch "" <<<"$batch" || return
	for name in "${names[@]}"; do
		defer ip netns del "$name"
	done
	for var; do
		name=${names[0]}
		names=("${names[@]:1}")
		printf -v "$var" '%s' "$name"
		export "${var?}"
		ns_sysctl "$name" net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 || return
		run_cmd ip -n "$name" link set lo up || return
	done
}

# ip_batch NS: run the `ip` commands read from stdin in namespace NS
# ("" = the current one) with one exec, echoing each.
ip_batch() {
	local ns=$1 cmds line
	local -a ip=(ip)
	[[ -z "$ns" ]] || ip+=(-n "$ns")
	cmds=$(cat)
	printf '+ %s -batch - <<EOF\n' "${ip[*]}"
	while IFS= read -r line; do
		[[ -z "$line" ]] || printf '+   %s\n' "$line"
	done <<<"$cmds"
	printf '+ EOF\n'
	"${ip[@]}" -batch - <<<"$cmds"
}

# ns_run NS CMD...: run CMD inside NS, echoed.
ns_run() {
	local ns=$1
	shift
	run_cmd ip netns exec "$ns" "$@"
}

# ns_sysctl NS KEY=VALUE...
ns_sysctl() {
	local ns=$1
	shift
	ns_run "$ns" sysctl -qw "$@"
}

# veth_link NS1 IF1 NS2 IF2: a veth pair between two namespaces, both up.
veth_link() {
	local ns1=$1 if1=$2 ns2=$3 if2=$4
	run_cmd ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2" &&
		run_cmd ip -n "$ns1" link set "$if1" up &&
		run_cmd ip -n "$ns2" link set "$if2" up
}

# addr_add NS IF ADDR/LEN: IPv6 addresses get nodad, usable at once.
addr_add() {
	local ns=$1 dev=$2 addr=$3 opt=()
	[[ "$addr" != *:* ]] || opt=(nodad)
	run_cmd ip -n "$ns" addr add "$addr" dev "$dev" "${opt[@]}"
}

# ping_ok NS ADDR: one echo reply within 2 s (v4 or v6 by address).
ping_ok() {
	ns_run "$1" ping -c 1 -W 2 -q "$2" >/dev/null
}

# ---- the DMZ scenario (DESIGN.md) -----------------------------------------

# Addresses, for tests to use by name.
# shellcheck disable=SC2034
{
	readonly IP4_INET_HQ=203.0.113.1 IP4_GW_HQ_WAN=203.0.113.2
	readonly IP4_INET_BR=203.0.113.17 IP4_GW_BR_WAN=203.0.113.18
	readonly IP4_GW_HQ_DMZ=198.51.100.1 IP4_DMZ=198.51.100.10
	readonly IP4_GW_HQ_LAN=192.0.2.1 IP4_LAN=192.0.2.10
	readonly IP4_GW_BR_LAN=192.0.2.129 IP4_BR=192.0.2.130
	readonly IP6_INET_HQ=2001:db8:ff01::1 IP6_GW_HQ_WAN=2001:db8:ff01::2
	readonly IP6_INET_BR=2001:db8:ff02::1 IP6_GW_BR_WAN=2001:db8:ff02::2
	readonly IP6_GW_HQ_DMZ=2001:db8:d::1 IP6_DMZ=2001:db8:d::10
	readonly IP6_GW_HQ_LAN=2001:db8:1::1 IP6_LAN=2001:db8:1::10
	readonly IP6_GW_BR_LAN=2001:db8:2::1 IP6_BR=2001:db8:2::10
	readonly PFX4_DMZ=198.51.100.0/25 PFX4_LAN=192.0.2.0/25 PFX4_BR=192.0.2.128/25
	readonly PFX6_DMZ=2001:db8:d::/64 PFX6_LAN=2001:db8:1::/64 PFX6_BR=2001:db8:2::/64
}

print_dmz_scenario() {
	cat <<'EOF'
#                       inet  (internet host and router)
#               wanhq0 /    \ wanbr0
#   203.0.113.0/28    /      \    203.0.113.16/28
#   2001:db8:ff01::/64        \   2001:db8:ff02::/64
#             wan0 /            \ wan0
#              gw_hq             gw_br
#         dmz0 /   \ lan0          | lan0
#  198.51.100.0/25  192.0.2.0/25   | 192.0.2.128/25
#  2001:db8:d::/64  2001:db8:1::/64| 2001:db8:2::/64
#        eth0 /       \ eth0       | eth0
#           dmz       lan          br
#      smtp, web   db, clients   branch host
#
EOF
	printf '#   %-6s %-16s %-7s %-15s %s\n' node namespace if IPv4 IPv6 \
		inet "$NS_INET" wanhq0 "$IP4_INET_HQ" "$IP6_INET_HQ" \
		"" "" wanbr0 "$IP4_INET_BR" "$IP6_INET_BR" \
		gw_hq "$NS_GW_HQ" wan0 "$IP4_GW_HQ_WAN" "$IP6_GW_HQ_WAN" \
		"" "" dmz0 "$IP4_GW_HQ_DMZ" "$IP6_GW_HQ_DMZ" \
		"" "" lan0 "$IP4_GW_HQ_LAN" "$IP6_GW_HQ_LAN" \
		dmz "$NS_DMZ" eth0 "$IP4_DMZ" "$IP6_DMZ" \
		lan "$NS_LAN" eth0 "$IP4_LAN" "$IP6_LAN" \
		gw_br "$NS_GW_BR" wan0 "$IP4_GW_BR_WAN" "$IP6_GW_BR_WAN" \
		"" "" lan0 "$IP4_GW_BR_LAN" "$IP6_GW_BR_LAN" \
		br "$NS_BR" eth0 "$IP4_BR" "$IP6_BR"
}

# build_dmz_scenario: the six namespaces, links, addresses and routes of
# DESIGN.md, all reachable in clear (firewall and tunnel come on top).
# Sets NS_INET NS_GW_HQ NS_DMZ NS_LAN NS_GW_BR NS_BR.
build_dmz_scenario() {
	local t0=${EPOCHREALTIME/[.,]/}
	setup_ns NS_INET NS_GW_HQ NS_DMZ NS_LAN NS_GW_BR NS_BR || return

	# Each pair is created directly in its two namespaces: no temporary
	# name in the initial namespace that a concurrent test could clash with.
	ip_batch "" <<-EOF || return
		link add wanhq0 netns $NS_INET type veth peer name wan0 netns $NS_GW_HQ
		link add wanbr0 netns $NS_INET type veth peer name wan0 netns $NS_GW_BR
		link add dmz0 netns $NS_GW_HQ type veth peer name eth0 netns $NS_DMZ
		link add lan0 netns $NS_GW_HQ type veth peer name eth0 netns $NS_LAN
		link add lan0 netns $NS_GW_BR type veth peer name eth0 netns $NS_BR
	EOF

	ip_batch "$NS_INET" <<-EOF || return
		addr add $IP4_INET_HQ/28 dev wanhq0
		addr add $IP6_INET_HQ/64 dev wanhq0 nodad
		addr add $IP4_INET_BR/28 dev wanbr0
		addr add $IP6_INET_BR/64 dev wanbr0 nodad
		link set wanhq0 up
		link set wanbr0 up
		route add $PFX4_DMZ via $IP4_GW_HQ_WAN
		route add $PFX4_LAN via $IP4_GW_HQ_WAN
		route add $PFX4_BR via $IP4_GW_BR_WAN
		route add $PFX6_DMZ via $IP6_GW_HQ_WAN
		route add $PFX6_LAN via $IP6_GW_HQ_WAN
		route add $PFX6_BR via $IP6_GW_BR_WAN
	EOF

	ip_batch "$NS_GW_HQ" <<-EOF || return
		addr add $IP4_GW_HQ_WAN/28 dev wan0
		addr add $IP6_GW_HQ_WAN/64 dev wan0 nodad
		addr add $IP4_GW_HQ_DMZ/25 dev dmz0
		addr add $IP6_GW_HQ_DMZ/64 dev dmz0 nodad
		addr add $IP4_GW_HQ_LAN/25 dev lan0
		addr add $IP6_GW_HQ_LAN/64 dev lan0 nodad
		link set wan0 up
		link set dmz0 up
		link set lan0 up
		route add default via $IP4_INET_HQ
		route add default via $IP6_INET_HQ
	EOF

	ip_batch "$NS_GW_BR" <<-EOF || return
		addr add $IP4_GW_BR_WAN/28 dev wan0
		addr add $IP6_GW_BR_WAN/64 dev wan0 nodad
		addr add $IP4_GW_BR_LAN/25 dev lan0
		addr add $IP6_GW_BR_LAN/64 dev lan0 nodad
		link set wan0 up
		link set lan0 up
		route add default via $IP4_INET_BR
		route add default via $IP6_INET_BR
	EOF

	zs_host_setup "$NS_DMZ" "$IP4_DMZ" "$IP6_DMZ" "$IP4_GW_HQ_DMZ" "$IP6_GW_HQ_DMZ" || return
	zs_host_setup "$NS_LAN" "$IP4_LAN" "$IP6_LAN" "$IP4_GW_HQ_LAN" "$IP6_GW_HQ_LAN" || return
	zs_host_setup "$NS_BR" "$IP4_BR" "$IP6_BR" "$IP4_GW_BR_LAN" "$IP6_GW_BR_LAN" || return

	local ns
	for ns in "$NS_INET" "$NS_GW_HQ" "$NS_GW_BR"; do
		ns_sysctl "$ns" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 || return
	done
	t0=$((${EPOCHREALTIME/[.,]/} - t0))
	log_info "# DMZ scenario built in $((t0 / 1000000)).$((t0 / 100000 % 10)) s"
}

# A host on a /25 + /64 behind its gateway, through eth0.
zs_host_setup() {
	local ns=$1 a4=$2 a6=$3 gw4=$4 gw6=$5
	ip_batch "$ns" <<-EOF
		addr add $a4/25 dev eth0
		addr add $a6/64 dev eth0 nodad
		link set eth0 up
		route add default via $gw4
		route add default via $gw6
	EOF
}
