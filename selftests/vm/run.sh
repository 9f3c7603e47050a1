#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run one command as root in a throw-away QEMU guest booted with one of
# Debian's kernels, and exit with the command's exit code.
#
#   selftests/vm/run.sh [OPTIONS] [--] GUEST_COMMAND [ARGS...]
#
# The guest's root is the host's / over virtio-9p, read-only, under a tmpfs
# overlay: everything installed on the host is there, writes vanish with
# the guest.  The command runs from the repository root (same path as on
# the host) with PATH, HOME=/root, TERM=dumb, stdin from /dev/null, and
# ZONESEC_KVER (the guest's `uname -r`), ZONESEC_KO (the first --module,
# absolute) and ZONESEC_MODULES (every --module, colon-separated).  Host
# variables named ZONESEC_* are passed on as well.  Nothing is loaded for
# the command: tests insmod "$ZONESEC_KO" when they need it.
#
# The serial console streams to stdout and to a log under
# build/vm/<kernel>/logs/.  Exit codes:
#   0-255 but 123-125   the guest command's exit code
#   123                 the guest kernel panicked
#   124                 timeout: no result marker in time
#   125                 the guest could not be run (boot failure, bad usage)
#
# Booting costs ~6 s of bzImage decompression under TCG, and every exec
# from the 9p root 0.1-0.5 s, so run.sh caches per kernel, under
# build/vm/<kernel>/, the uncompressed vmlinux (booted through its PVH
# entry point) and a small initramfs whose static busybox /init does the
# early setup.  Caches are rebuilt when their inputs change.

set -euo pipefail

SELF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SELF_DIR/../.." && pwd)
readonly SELF_DIR REPO_DIR
readonly VM_BUILD_DIR="$REPO_DIR/build/vm"
readonly BUSYBOX=/bin/busybox
# Modules the initramfs needs before it can mount the root, by name;
# dependencies are added from modules.dep, built-in ones are skipped.
readonly EARLY_MODULES="virtio_pci 9pnet_virtio 9p overlay"
# Bump when the cache layout or its build recipe changes.
readonly CACHE_FORMAT=1

kernel_arg=${ZONESEC_KERNEL:-6.1}
cmd_timeout=1200
boot_timeout=180
modules=()
guest_env=()
command=()

usage() {
	cat <<EOF
usage: ${0##*/} [OPTIONS] [--] GUEST_COMMAND [ARGS...]
  --kernel VER         6.1, 6.12 or a full version from /boot (default: \$ZONESEC_KERNEL or 6.1)
  --timeout SECS       limit for the command, from its start in the guest (default 1200)
  --boot-timeout SECS  limit for the boot to reach the command; a boot that
                       exceeds it is retried once (default 180)
  --module PATH        exported as ZONESEC_KO (first) and ZONESEC_MODULES (repeatable)
  --env NAME=VALUE     extra environment for the guest command (repeatable)
Exit code: the command's; 123 guest kernel panic, 124 timeout, 125 guest not run.
EOF
}

die() {
	echo "run.sh: $*" >&2
	exit 125
}

is_uint() {
	[[ "$1" =~ ^[0-9]+$ ]]
}

parse_args() {
	while (($#)); do
		case "$1" in
		--kernel) kernel_arg=${2:?--kernel needs a version}; shift 2 ;;
		--timeout) cmd_timeout=${2:?--timeout needs seconds}; shift 2 ;;
		--boot-timeout) boot_timeout=${2:?--boot-timeout needs seconds}; shift 2 ;;
		--module) modules+=("${2:?--module needs a path}"); shift 2 ;;
		--env) guest_env+=("${2:?--env needs NAME=VALUE}"); shift 2 ;;
		-h|--help) usage; exit 0 ;;
		--) shift; break ;;
		-*) usage >&2; die "unknown option '$1'" ;;
		*) break ;;
		esac
	done
	command=("$@")
	((${#command[@]})) || { usage >&2; die "no guest command given"; }
	is_uint "$cmd_timeout" || die "--timeout '$cmd_timeout' is not a number of seconds"
	is_uint "$boot_timeout" || die "--boot-timeout '$boot_timeout' is not a number of seconds"
	local e
	for e in "${guest_env[@]}"; do
		[[ "$e" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env '$e' is not NAME=VALUE"
	done
}

# 6.1 -> the newest installed 6.1.* kernel; a full version must exist as is.
resolve_kernel() {
	local arg=$1 img best=
	if [[ -f "/boot/vmlinuz-$arg" ]]; then
		echo "$arg"
		return
	fi
	for img in /boot/vmlinuz-"$arg".*; do
		[[ -f "$img" ]] || continue
		best=$(printf '%s\n%s\n' "$best" "${img#/boot/vmlinuz-}" | sort -V | tail -n1)
	done
	[[ -n "$best" ]] || die "no kernel matching '$arg' in /boot (installed: $(cd /boot && echo vmlinuz-* | sed 's/vmlinuz-//g'))"
	[[ -d "/lib/modules/$best" ]] || die "kernel $best has no /lib/modules/$best"
	echo "$best"
}

# A file's identity for cache stamps: cheap, and changes when it is replaced.
file_id() {
	stat -L -c '%n %s %Y' "$@"
}

# The bzImage's payload is a compressed ELF vmlinux; find it by magic number
# (as scripts/extract-vmlinux does) and keep the first candidate that
# decompresses to an ELF file.
extract_vmlinux() {
	local image=$1 out=$2 magic tool off
	# Byte offsets, not characters: in a UTF-8 locale bash itself mangles
	# the binary matches and no candidate is found.
	local LC_ALL=C
	for magic in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
		tool=${magic%%:*}
		while IFS=: read -r off _; do
			tail -c +$((off + 1)) "$image" | "$tool" -dc 2>/dev/null >"$out" || true
			if [[ "$(head -c 4 "$out" | od -An -c | tr -d ' ')" == '177ELF' ]]; then
				return 0
			fi
		done < <(LC_ALL=C grep -obUaP "${magic#*:}" "$image")
	done
	return 1
}

# Print the module files (relative to /lib/modules/KVER) to insmod, each
# after its dependencies.
early_module_order() {
	local kver=$1 moddir=/lib/modules/$1 line name path
	local -A dep_of=() path_of=() seen=()
	local -a order=()
	while IFS= read -r line; do
		path=${line%%:*}
		dep_of[$path]=${line#*:}
		name=${path##*/}
		name=${name%%.ko*}
		path_of[${name//-/_}]=$path
	done <"$moddir/modules.dep"

	visit() {
		local p=$1 d
		[[ -z "${seen[$p]:-}" ]] || return 0
		seen[$p]=1
		for d in ${dep_of[$p]}; do
			visit "$d"
		done
		order+=("$p")
	}

	for name in $EARLY_MODULES; do
		path=${path_of[${name//-/_}]:-}
		if [[ -n "$path" ]]; then
			visit "$path"
		elif ! grep -q "/${name//_/[-_]}\.ko" "$moddir/modules.builtin"; then
			die "kernel $kver has module $name neither as a module nor built in"
		fi
	done
	printf '%s\n' "${order[@]}"
}

decompress_module() {
	local src=$1 dst=$2
	case "$src" in
	*.ko.xz) xz -dc "$src" >"$dst" ;;
	*.ko.zst) zstd -qdc "$src" >"$dst" ;;
	*.ko.gz) gzip -dc "$src" >"$dst" ;;
	*) cp "$src" "$dst" ;;
	esac
}

build_initramfs() {
	local kver=$1 out=$2 stage m
	stage=$(mktemp -d "$VM_BUILD_DIR/.stage.XXXXXX")
	mkdir -p "$stage"/{bin,dev,proc,sys,lower,rw,newroot,modules}
	cp "$BUSYBOX" "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	install -m 0755 "$SELF_DIR/initramfs-init.sh" "$stage/init"
	# The kernel opens /dev/console for init before anything is mounted.
	mknod -m 0600 "$stage/dev/console" c 5 1 2>/dev/null || true
	: >"$stage/modules.order"
	for m in $(early_module_order "$kver"); do
		decompress_module "/lib/modules/$kver/$m" "$stage/modules/$(basename "${m%.ko*}").ko"
		basename "${m%.ko*}.ko" >>"$stage/modules.order"
	done
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# Rebuild vmlinux and the initramfs under build/vm/KVER when their inputs
# changed.  A lock keeps concurrent runs from building the same cache.
prepare_cache() {
	local kver=$1 dir=$VM_BUILD_DIR/$1 stamp
	mkdir -p "$dir/logs" "$dir/runs"
	exec {lock_fd}>"$dir/.lock"
	flock "$lock_fd"

	stamp="format $CACHE_FORMAT $(file_id "/boot/vmlinuz-$kver")"
	if [[ ! -f "$dir/vmlinux" || "$(cat "$dir/vmlinux.stamp" 2>/dev/null)" != "$stamp" ]]; then
		echo "run.sh: extracting vmlinux from /boot/vmlinuz-$kver into $dir (once per kernel)"
		rm -f "$dir/vmlinux.stamp"
		if extract_vmlinux "/boot/vmlinuz-$kver" "$dir/vmlinux.tmp"; then
			mv "$dir/vmlinux.tmp" "$dir/vmlinux"
			echo "$stamp" >"$dir/vmlinux.stamp"
		else
			rm -f "$dir/vmlinux.tmp" "$dir/vmlinux"
			echo "run.sh: warning: no vmlinux in /boot/vmlinuz-$kver, booting the bzImage (slower)" >&2
		fi
	fi

	stamp="format $CACHE_FORMAT modules $EARLY_MODULES
$(file_id "$BUSYBOX" "/lib/modules/$kver/modules.dep")
$(sha256sum "$SELF_DIR/initramfs-init.sh" "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
	if [[ ! -f "$dir/initramfs.cpio" || "$(cat "$dir/initramfs.stamp" 2>/dev/null)" != "$stamp" ]]; then
		echo "run.sh: building the initramfs for $kver in $dir"
		rm -f "$dir/initramfs.stamp"
		build_initramfs "$kver" "$dir/initramfs.cpio"
		echo "$stamp" >"$dir/initramfs.stamp"
	fi

	flock -u "$lock_fd"
	exec {lock_fd}>&-
}

# The guest sees the host's / at the same paths except where it mounts its
# own filesystems.
guest_sees() {
	case "$1" in
	/tmp/*|/run/*|/dev/*|/proc/*|/sys/*) return 1 ;;
	esac
}

# The run specification: a bash fragment guest-init.sh sources.  It lives
# under build/, which the guest sees at the same path through 9p.
write_spec() {
	local spec=$1 kver=$2 m var
	local -a abs=()
	for m in "${modules[@]}"; do
		[[ -f "$m" ]] || die "--module '$m': no such file"
		m=$(realpath "$m")
		guest_sees "$m" || die "--module $m: the guest mounts its own ${m%"${m#/*/}"}, put the module elsewhere (e.g. under build/)"
		abs+=("$m")
	done
	{
		echo "# written by run.sh for one guest run"
		printf 'ZONESEC_CWD=%q\n' "$REPO_DIR"
		printf 'ZONESEC_CMD=('
		printf ' %q' "${command[@]}"
		printf ' )\n'
		# Host ZONESEC_* settings first, so that the run's own win.
		while IFS= read -r var; do
			case "$var" in ZONESEC_KO|ZONESEC_KVER|ZONESEC_MODULES|ZONESEC_KERNEL) continue ;; esac
			printf 'export %s=%q\n' "$var" "${!var}"
		done < <(compgen -e | grep '^ZONESEC_' || true)
		printf 'export ZONESEC_KVER=%q\n' "$kver"
		if ((${#abs[@]})); then
			printf 'export ZONESEC_KO=%q\n' "${abs[0]}"
			printf 'export ZONESEC_MODULES=%q\n' "$(IFS=:; echo "${abs[*]}")"
		fi
		for var in "${guest_env[@]}"; do
			printf 'export %s=%q\n' "${var%%=*}" "${var#*=}"
		done
	} >"$spec"
}

# Keep the newest logs only; CI keeps what it needs as artifacts.
prune_logs() {
	local keep=30
	find "$1" -maxdepth 1 -name '*.log' -type f -printf '%T@ %p\n' |
		sort -rn | tail -n +$((keep + 1)) | cut -d' ' -f2- | xargs -r rm -f
}

qemu_pid=
cleanup_qemu() {
	[[ -n "$qemu_pid" ]] || return 0
	kill -TERM "$qemu_pid" 2>/dev/null || true
	local _
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 0.2
	done
	kill -KILL "$qemu_pid" 2>/dev/null || true
	wait "$qemu_pid" 2>/dev/null || true
	qemu_pid=
}

now() {
	echo "${EPOCHREALTIME/[.,]/}"
}

elapsed() {
	local us=$(($(now) - $1))
	printf '%d.%d' $((us / 1000000)) $((us % 1000000 / 100000))
}

# One boot.  Sets attempt_result to exit, timeout, boot-hang, boot-panic
# (before the command started), panic or no-marker, and guest_rc for exit.
boot_once() {
	local kver=$1 spec=$2 log=$3 dir=$VM_BUILD_DIR/$1
	local fifo kernel line t0 deadline remaining status log_fd
	local started=0 panic_line='' pending=''
	local -a qemu

	kernel=$dir/vmlinux
	[[ -f "$kernel" ]] || kernel=/boot/vmlinuz-$kver
	# loglevel=5 keeps KERN_WARNING (WARN(), "BUG:", Oops) on the console
	# while hiding the boot chatter; panic=-1 + -no-reboot turn a panic
	# into a prompt QEMU exit.  no_timer_check: on a loaded host, TCG can
	# miss the few timer ticks the kernel waits for while it checks the
	# IO-APIC timer at boot, and the kernel then panics ("IO-APIC + timer
	# doesn't work"); the timer works, only the check is too impatient.
	# shellcheck disable=SC2054	# commas belong to QEMU's option syntax
	qemu=(qemu-system-x86_64
		-accel tcg,thread=multi -smp 2 -m 2048 -cpu max,erms=off
		-nodefaults -no-user-config -nic none -no-reboot
		-display none -vga none -monitor none -parallel none
		-serial stdio
		-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
		-kernel "$kernel" -initrd "$dir/initramfs.cpio"
		-append "console=ttyS0 loglevel=5 panic=-1 no_timer_check rdinit=/init zsvm_init=$SELF_DIR/guest-init.sh zsvm_run=$spec")

	fifo=$(mktemp -u "$dir/runs/console.XXXXXX")
	mkfifo "$fifo"
	t0=$(now)
	# stdin from /dev/null: QEMU then leaves any terminal alone.
	"${qemu[@]}" </dev/null >"$fifo" 2>&1 &
	qemu_pid=$!
	exec {con_fd}<"$fifo"
	rm -f "$fifo"

	exec {log_fd}>>"$log"
	attempt_result=no-marker
	deadline=$((t0 + boot_timeout * 1000000))
	while :; do
		remaining=$(((deadline - $(now)) / 1000))
		if ((remaining <= 0)); then
			((started)) && attempt_result=timeout || attempt_result=boot-hang
			break
		fi
		status=0
		IFS= read -r -t "$((remaining / 1000)).$(printf '%03d' $((remaining % 1000)))" \
			-u "$con_fd" line || status=$?
		if ((status > 128)); then
			# Timed out; keep a partial line for the next read, and
			# let the deadline check decide.
			pending+=$line
			continue
		fi
		line=$pending${line%$'\r'}
		pending=''
		if ((status)) && [[ -z "$line" ]]; then
			break		# EOF: QEMU exited
		fi
		printf '%s\n' "$line"
		printf '%s\n' "$line" >&"$log_fd"
		case "$line" in
		ZONESEC-GUEST-START)
			((started)) && continue
			started=1
			boot_secs=$(elapsed "$t0")
			deadline=$(($(now) + cmd_timeout * 1000000))
			;;
		ZONESEC-GUEST-EXIT\ *)
			if [[ "${line#ZONESEC-GUEST-EXIT }" =~ ^[0-9]+$ ]]; then
				guest_rc=${line#ZONESEC-GUEST-EXIT }
				attempt_result="exit"
				total_secs=$(elapsed "$t0")
				break
			fi
			;;
		*"Kernel panic - not syncing"*)
			[[ -n "$panic_line" ]] || panic_line=$line
			;;
		"initramfs: "*)
			boot_error=${line#initramfs: }
			;;
		esac
	done
	if [[ "$attempt_result" == exit ]]; then
		# The guest powers itself off right after the marker.
		local _
		for _ in $(seq 50); do
			kill -0 "$qemu_pid" 2>/dev/null || break
			sleep 0.1
		done
	fi
	cleanup_qemu
	exec {con_fd}<&- {log_fd}>&-
	if [[ "$attempt_result" == no-marker && -n "$panic_line" ]]; then
		# before the command started, the boot failed, not the test
		((started)) && attempt_result=panic || attempt_result=boot-panic
		panic_msg=$panic_line
	fi
	return 0
}

main() {
	local kver dir spec log attempt
	parse_args "$@"
	guest_sees "$REPO_DIR/" || die "the repository ($REPO_DIR) must not be under /tmp, /run, /dev, /proc or /sys: the guest mounts its own there"
	kver=$(resolve_kernel "$kernel_arg")
	command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not installed"
	[[ -x "$BUSYBOX" ]] || die "$BUSYBOX not found (apt-get install busybox-static)"
	prepare_cache "$kver"
	dir=$VM_BUILD_DIR/$kver
	spec=$(mktemp "$dir/runs/spec.XXXXXX")
	log=$dir/logs/$(date +%Y%m%d-%H%M%S)-$$.log
	trap 'cleanup_qemu; rm -f "$spec"' EXIT
	trap 'exit 130' INT TERM HUP
	write_spec "$spec" "$kver"
	ln -sfn "$(basename "$log")" "$dir/logs/latest.log"
	prune_logs "$dir/logs"

	for attempt in 1 2; do
		boot_secs='?' total_secs='?' guest_rc=125 panic_msg='' boot_error=''
		echo "run.sh: booting $kver (attempt $attempt), log: $log" | tee -a "$log"
		boot_once "$kver" "$spec" "$log"
		case "$attempt_result" in
		boot-hang)
			echo "run.sh: guest did not reach the command within $boot_timeout s (hung boot?)" | tee -a "$log" >&2 ;;
		boot-panic)
			echo "run.sh: guest kernel panicked while booting: $panic_msg" | tee -a "$log" >&2 ;;
		*)
			break ;;
		esac
		((attempt == 1)) && echo "run.sh: retrying the boot once" | tee -a "$log" >&2
	done

	case "$attempt_result" in
	exit)
		echo "run.sh: $kver: command started ${boot_secs} s after boot start, guest done at ${total_secs} s, exit code $guest_rc" | tee -a "$log"
		exit "$guest_rc" ;;
	timeout)
		echo "run.sh: guest timed out after $cmd_timeout s (no result marker)" | tee -a "$log" >&2
		exit 124 ;;
	panic | boot-panic)
		echo "run.sh: guest kernel panic: $panic_msg" | tee -a "$log" >&2
		exit 123 ;;
	boot-hang)
		echo "run.sh: guest boot hung twice, giving up" | tee -a "$log" >&2
		exit 125 ;;
	*)
		echo "run.sh: QEMU exited without a result marker (${boot_error:-boot failure?}); see $log" | tee -a "$log" >&2
		exit 125 ;;
	esac
}

main "$@"
