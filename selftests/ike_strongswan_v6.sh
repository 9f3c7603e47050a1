#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_strongswan.sh case 5 with the zonesec module backend: zonesecd to
# charon over IPv6 outer (and inner) addresses, ChaCha20-Poly1305, traffic
# through the module's ESP, counted on both sides.
ZS_IKE_CASES=5 exec "$(dirname "$0")/ike_strongswan.sh" "$@"
