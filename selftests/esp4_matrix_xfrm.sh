#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every ESP algorithm zonesec offers, in transport and in tunnel mode,
# over IPv4 (over IPv6 with the argument 6: esp6_matrix_xfrm.sh), against
# Linux XFRM with the same keys:
#
#   rfc4106(gcm(aes)) with 128-, 192- and 256-bit keys,
#   rfc7539esp(chacha20,poly1305),
#   cbc(aes) + hmac(sha256) at 128 bits, cbc(aes) + hmac(sha512) at 256,
#   ecb(cipher_null) + hmac(sha256) at 128 bits
#
# For each of the 14: pings both ways (plain, and with DSCP and ECN bits
# set), TCP both ways with the bytes checked; no drops on zonesec's
# inbound SA, which counted the packets; XFRM decrypted every packet
# zonesec sent and counted no integrity failure. Tunnel mode runs between
# the lo addresses over the eth0 ones, the way gateways carry their
# networks. The other ESP tests go deeper on one case each (the wire,
# ESN, MTU, bad packets); this one is the breadth.
#
#   [zs]  eth0 192.0.2.1   ===== ESP ===== eth0 192.0.2.2    [xfrm]
#         eth0 2001:db8::1                 eth0 2001:db8::2
#   lo 198.51.100.1, 2001:db8:1::1         lo 203.0.113.1, 2001:db8:2::1
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ah.sh
source "$(dirname "$0")/lib_ah.sh"

require_root
require_cmd ip ping /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly FAMILY=${1:-4}
[[ $FAMILY == [46] ]] || die "family 4 or 6, not '$FAMILY'"

XPROTO=esp
ah_topology
ah_family "$FAMILY"

# NAME|WORDS of the zs -> xfrm SA|WORDS of the xfrm -> zs SA (the same
# words for both tools; keys from key_of BYTES SEED)
G="aead rfc4106(gcm(aes))"
C="aead rfc7539esp(chacha20,poly1305)"
CBC="enc cbc(aes)"
NUL='enc ecb(cipher_null) ""'
S256="auth-trunc hmac(sha256)"
S512="auth-trunc hmac(sha512)"
ALGS=(
	"gcm128|$G $(key_of 20 1) 128|$G $(key_of 20 101) 128"
	"gcm192|$G $(key_of 28 2) 128|$G $(key_of 28 102) 128"
	"gcm256|$G $(key_of 36 3) 128|$G $(key_of 36 103) 128"
	"chacha20-poly1305|$C $(key_of 36 4) 128|$C $(key_of 36 104) 128"
	"cbc-sha256|$CBC $(key_of 16 5) $S256 $(key_of 32 55) 128|$CBC $(key_of 16 105) $S256 $(key_of 32 155) 128"
	"cbc-sha512|$CBC $(key_of 32 6) $S512 $(key_of 64 66) 256|$CBC $(key_of 32 106) $S512 $(key_of 64 166) 256"
	"null-sha256|$NUL $S256 $(key_of 32 7) 128|$NUL $S256 $(key_of 32 107) 128"
)

n=0
for mode in transport tunnel; do
	for alg in "${ALGS[@]}"; do
		IFS='|' read -r name out in <<<"$alg"
		n=$((n + 1))
		log_info "case $n: IPv$FAMILY, $mode, $name"
		# no "flag align4": that is for AH (lib_ah.sh)
		setup "$n" "$mode" "$out" "$in" ""
		traffic "$n" "$mode"
		teardown "$n"
	done
done
check_eq "every combination ran" "$n" 14
