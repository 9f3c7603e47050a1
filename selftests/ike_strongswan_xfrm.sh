#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_strongswan.sh with zonesecd's Linux XFRM backend (kernel = xfrm): the
# cases 1, 4 and 5 (IPv6), without the zonesec module.
ZS_IKE_BACKEND=xfrm ZS_IKE_CASES="1 4 5" exec "$(dirname "$0")/ike_strongswan.sh" "$@"
