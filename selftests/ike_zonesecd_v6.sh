#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_zonesecd.sh case 2 over IPv6 outer (and inner) addresses with the
# zonesec module backend (kernel = zonesec): Ed25519, ChaCha20-Poly1305,
# traffic through the module's ESP, counted on both sides.
ZS_IKE_V6=1 ZS_IKE_CASES=2 exec "$(dirname "$0")/ike_zonesecd.sh" "$@"
