#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_zonesecd.sh with zonesecd's Linux XFRM backend (kernel = xfrm): the
# same cases, IPv6 included, without the zonesec module.
ZS_IKE_BACKEND=xfrm exec "$(dirname "$0")/ike_zonesecd.sh" "$@"
