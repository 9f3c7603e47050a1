#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_strongswan.sh's other cases with the zonesec module backend: 4
# (charon initiates, PSK), 6 and 7 (a wrong PSK from either side), split
# off so that each guest test stays within its time.
ZS_IKE_CASES="4 6 7" exec "$(dirname "$0")/ike_strongswan.sh" "$@"
