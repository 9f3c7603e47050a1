# SPDX-License-Identifier: GPL-2.0
#
# zonesec: top-level build, test and demo entry points.
#
#   make            build the module (for KVER) and the userspace tools
#   make deps       install the Debian packages everything below needs
#   make check      host unit tests, then the selftests in a QEMU guest for
#                   each kernel in KVERS ("6.1", "6.12" or a full version)
#   make demo       boot a guest, load the module, build the DMZ scenario
#   make lint       checkpatch --strict, sparse, cppcheck, shellcheck
#   make bench      figures side by side in a guest per kernel in KVERS;
#                   BENCH="datapath fw ike" (or '|'-separated) selects parts
#   make install    install module, tools and man pages (DESTDIR, PREFIX)

ZONESEC_VERSION := 0.1.0
export ZONESEC_VERSION

TOP	:= $(CURDIR)
BUILD	:= $(TOP)/build
KVERS	?= 6.1
PREFIX	?= /usr/local
DESTDIR	?=

# A short kernel name ("6.1", "6.12") or a full one -> the newest installed
# full version with headers.  Only used in recipes, after `deps` has run.
kver_full = $(or $(lastword $(sort $(patsubst /lib/modules/%/build,%,\
	$(wildcard /lib/modules/$(1).*/build /lib/modules/$(1)/build)))),\
	$(error no headers for kernel "$(1)" under /lib/modules; run make deps))

KVER	?= $(call kver_full,6.1)

# Debian packages, by what needs them.
DEPS_BUILD := make gcc libc6-dev pkg-config libmnl-dev libnl-3-dev \
	libnl-route-3-dev libssl-dev libinih-dev \
	linux-headers-amd64 linux-headers-6.12-amd64 \
	linux-source-6.1 linux-source-6.12 xz-utils
DEPS_GUEST := qemu-system-x86 busybox-static linux-image-amd64 \
	linux-image-6.12-amd64 cpio kmod zstd
DEPS_TEST  := iproute2 procps iputils-ping python3 python3-yaml \
	python3-jsonschema python3-scapy iperf3 tcpdump tshark nftables \
	strongswan-charon strongswan-swanctl libstrongswan-standard-plugins \
	wireguard-tools
DEPS_LINT  := sparse cppcheck shellcheck perl groff-base man-db \
	clang libclang-rt-14-dev
DEPS	   := $(DEPS_BUILD) $(DEPS_GUEST) $(DEPS_TEST) $(DEPS_LINT)

# Files taken at build time from Debian's kernel source tarballs; none of
# them is committed.
SRC61	:= /usr/src/linux-source-6.1.tar.xz
SRC612	:= /usr/src/linux-source-6.12.tar.xz
KSFT	:= $(BUILD)/kselftest
YNL	:= $(BUILD)/ynl
TOOLS	:= $(BUILD)/tools

.PHONY: all kmod userspace selftests check check-host check-guest demo \
	deps fuzz install clean lint lint-kmod lint-userspace lint-shell bench

all: kmod userspace

kmod:
	$(MAKE) -C kmod KVER=$(KVER)

userspace:
	$(MAKE) -C userspace
	$(MAKE) -C userspace/daemon

# libFuzzer on the IKEv2 parser (FUZZ_TIME seconds, default 60)
fuzz:
	$(MAKE) -C userspace/daemon fuzz

# --- dependencies -----------------------------------------------------------

deps:
	@installed=" $$(dpkg-query -W -f='$${db:Status-Abbrev}$${Package}\n' \
		$(DEPS) 2>/dev/null | sed -n 's/^ii *//p' | tr '\n' ' ')"; \
	missing=; for p in $(DEPS); do \
		case "$$installed" in *" $$p "*) ;; *) missing="$$missing $$p";; esac; \
	done; \
	if [ -z "$$missing" ]; then \
		echo "deps: all $(words $(DEPS)) packages present"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "deps: missing:$$missing"; \
		echo "deps: run 'make deps' as root: it installs them with apt-get"; \
		exit 1; fi; \
	echo "deps: installing:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -q && apt-get install -y -q --no-install-recommends $$missing

$(KSFT)/.stamp: | $(SRC61)
	rm -rf $(KSFT) && mkdir -p $(KSFT)
	tar -xf $(SRC61) -C $(KSFT) --strip-components=4 \
		linux-source-6.1/tools/testing/selftests/kselftest.h \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h
	touch $@

$(YNL)/.stamp: | $(SRC612)
	rm -rf $(YNL) && mkdir -p $(YNL)
	tar -xf $(SRC612) -C $(YNL) --strip-components=1 \
		--wildcards 'linux-source-6.12/tools/net/ynl/cli.py' \
		'linux-source-6.12/tools/net/ynl/lib/*' \
		'linux-source-6.12/Documentation/netlink/genetlink*.yaml'
	touch $@

$(TOOLS)/.stamp: | $(SRC61)
	rm -rf $(TOOLS) && mkdir -p $(TOOLS)
	tar -xf $(SRC61) -C $(TOOLS) --strip-components=2 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	touch $@

$(SRC61) $(SRC612):
	@echo "$@ is missing: run 'make deps'"; exit 1

selftests: userspace $(KSFT)/.stamp $(YNL)/.stamp
	$(MAKE) -C selftests KSFT_DIR=$(KSFT)

# --- tests ------------------------------------------------------------------

check: deps
	$(MAKE) --no-print-directory check-run

check-run: $(KSFT)/.stamp $(YNL)/.stamp
	selftests/check.sh $(KVERS)

demo: deps
	$(MAKE) --no-print-directory userspace
	$(MAKE) --no-print-directory -C kmod KVER=$(call kver_full,6.1)
	selftests/vm/run.sh --kernel $(call kver_full,6.1) \
		--module $(TOP)/kmod/zonesec.ko -- selftests/vm/demo.sh

# --- benchmarks -------------------------------------------------------------

# Reports, never judges a time: fails only when something is broken.
# Tables and TSV records under build/bench/.
BENCH	?=
bench: deps
	BENCH="$(BENCH)" selftests/bench/bench.sh $(KVERS)

# --- lint -------------------------------------------------------------------

lint: deps $(TOOLS)/.stamp lint-kmod lint-userspace lint-shell

# Each file is checked on its own, ignoring only the types that
# kmod/CHECKPATCH-EXCEPTIONS lists for it, with the reason.
lint-kmod: $(TOOLS)/.stamp
	@rc=0; for f in $(filter-out %.mod.c,$(wildcard kmod/*.c)) kmod/*.h \
		include/uapi/linux/zonesec.h; do \
		ignore=$$(awk -v f="$${f##*/}" '$$1 == f { printf "%s,", $$2 }' \
			kmod/CHECKPATCH-EXCEPTIONS); \
		perl $(TOOLS)/checkpatch.pl --strict --no-tree --show-types --quiet \
			$${ignore:+--ignore $$ignore} -f $$f || rc=1; \
	done; \
	[ $$rc -eq 0 ] && echo "checkpatch --strict: clean"; exit $$rc
	$(MAKE) -C kmod KVER=$(KVER) clean
	$(MAKE) -C kmod KVER=$(KVER) C=2 W=1 2>&1 | tee $(BUILD)/sparse.log; \
		! grep -E 'warning:|error:' $(BUILD)/sparse.log

lint-userspace: $(KSFT)/.stamp
	$(MAKE) -C userspace lint
	$(MAKE) -C userspace/daemon lint

lint-shell:
	shellcheck -x -P selftests selftests/*.sh selftests/vm/*.sh \
		selftests/bench/*.sh .ci/run

# --- install / clean --------------------------------------------------------

install: all
	$(MAKE) -C kmod KVER=$(KVER) install
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	$(MAKE) -C userspace/daemon install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean:
	$(MAKE) -C kmod clean || true
	$(MAKE) -C userspace clean
	$(MAKE) -C userspace/daemon clean
	$(MAKE) -C selftests clean
	rm -rf $(BUILD)
