#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# /init of the zonesec test guest's initramfs (built and cached by run.sh).
#
# Runs in a static busybox so that early setup costs no dynamic exec from
# the 9p root (each one costs 0.1-0.5 s under TCG).  It loads the
# virtio/9p/overlay modules listed in /modules.order, mounts the host's /
# read-only over 9p with a tmpfs overlay on top (so /etc, /var, /root are
# writable and writes vanish with the guest), mounts the pseudo
# filesystems into the new root and hands over to guest-init.sh.

bb=/bin/busybox
$bb mount -t devtmpfs -o mode=0755 devtmpfs /dev
exec </dev/console >/dev/console 2>&1
$bb mount -t proc proc /proc

die() {
	echo "initramfs: $*"
	echo "ZONESEC-GUEST-BOOT-FAILED"
	# With panic=-1 on the command line this reboots, and -no-reboot
	# turns that into a QEMU exit: the host sees the failure at once.
	$bb poweroff -f
}

param() {
	for w in $($bb cat /proc/cmdline); do
		case "$w" in "$1"=*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}

for m in $($bb cat /modules.order); do
	$bb insmod "/modules/$m" || die "insmod $m failed"
done

$bb mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose \
	hostroot /lower || die "cannot mount the host root over 9p"
$bb mount -t tmpfs -o mode=0755 rw /rw
$bb mkdir -p /rw/upper /rw/work
$bb mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work \
	rootfs /newroot || die "cannot mount the overlay root"

r=/newroot
$bb mount -t proc proc $r/proc
$bb mount -t sysfs sysfs $r/sys
$bb mount --move /dev $r/dev
ginit=$(param zsvm_init) || die "no zsvm_init= on the kernel command line"
$bb umount /proc
$bb mkdir -p $r/dev/pts $r/dev/shm
# What udev would add to devtmpfs; bash's <(...) needs /dev/fd.
$bb ln -sf /proc/self/fd $r/dev/fd
$bb ln -sf /proc/self/fd/0 $r/dev/stdin
$bb ln -sf /proc/self/fd/1 $r/dev/stdout
$bb ln -sf /proc/self/fd/2 $r/dev/stderr
$bb mount -t devpts -o mode=0620,ptmxmode=0666 devpts $r/dev/pts
$bb mount -t tmpfs -o mode=1777 shm $r/dev/shm
$bb mount -t tmpfs -o mode=0755 run $r/run
$bb mount -t tmpfs -o mode=1777 tmp $r/tmp
$bb mount -t debugfs debugfs $r/sys/kernel/debug 2>/dev/null
$bb mount -t tracefs tracefs $r/sys/kernel/tracing 2>/dev/null
$bb mount -t bpf -o mode=0700 bpf $r/sys/fs/bpf 2>/dev/null
$bb mount -t cgroup2 cgroup2 $r/sys/fs/cgroup 2>/dev/null
$bb mkdir -p $r/run/netns $r/run/lock
$bb hostname zonesec-vm
$bb ip link set lo up

exec $bb switch_root $r /bin/bash "$ginit" || die "switch_root failed"
