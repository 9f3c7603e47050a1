#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_zonesecd.sh's cases 5 and 6, with the zonesec module: start = traffic
# through an ACQUIRE trap, soft and hard EXPIRE of a child SA.
ZS_IKE_PART=events exec "$(dirname "$0")/ike_zonesecd.sh" "$@"
