#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the zonesec test guest, started by the initramfs after
# switch_root into the host's / (9p, read-only, tmpfs overlay on top).
#
# It reads the run specification that run.sh wrote on the host (its path
# comes on the kernel command line as zsvm_run=), runs the requested
# command, and reports to the host on the serial console with two marker
# lines that run.sh parses:
#
#   ZONESEC-GUEST-START          the command is about to run (boot is over)
#   ZONESEC-GUEST-EXIT <rc>      the command finished with exit code <rc>
#
# No `set -e` here: as PID 1 this script must always reach the exit
# marker and the power-off; if it died the kernel would panic instead.

set -u

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8 SHELL=/bin/bash USER=root LOGNAME=root

power_off() {
	sync
	# busybox is static: powering off costs no dynamic exec.  The sysrq
	# fallback is asynchronous, hence the sleep.
	/bin/busybox poweroff -f
	echo o >/proc/sysrq-trigger
	sleep 10
}

spec=
for word in $(</proc/cmdline); do
	case "$word" in zsvm_run=*) spec=${word#zsvm_run=} ;; esac
done
if [[ -z "$spec" || ! -r "$spec" ]]; then
	echo "guest-init: no readable run specification (zsvm_run=$spec)"
	printf '\nZONESEC-GUEST-EXIT 125\n'
	power_off
fi

# The spec sets ZONESEC_CWD, the ZONESEC_CMD array and exports the
# command's environment (ZONESEC_KVER, ZONESEC_KO, ...).
# shellcheck source=/dev/null
source "$spec"

# No udev here, so CPU-specific crypto drivers would not autoload; load
# them as real hardware would.  Missing ones (older kernel, CPU model) are
# fine.
modprobe -qa aesni_intel ghash_clmulni_intel sha256_ssse3 chacha_x86_64 \
	poly1305_x86_64 2>/dev/null

# Markers go out twice: a kernel message printed at the same moment can
# garble a line on the serial console, and run.sh takes the first intact one.
printf 'ZONESEC-GUEST-START\nZONESEC-GUEST-START\n'
rc=0
if cd "$ZONESEC_CWD"; then
	# No stdin: nothing in the guest may wait on the serial line.
	"${ZONESEC_CMD[@]}" </dev/null || rc=$?
else
	rc=125
fi
sync
# The leading newline keeps the marker on a line of its own even when the
# command's output did not end with one.
printf '\nZONESEC-GUEST-EXIT %d\nZONESEC-GUEST-EXIT %d\n' "$rc" "$rc"
power_off
