#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_zonesecd.sh's cases 5 6 with the zonesec module (one guest test stays
# within its time).
ZS_IKE_CASES="5 6" exec "$(dirname "$0")/ike_zonesecd.sh" "$@"
