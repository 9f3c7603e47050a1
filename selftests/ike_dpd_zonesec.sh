#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_dpd.sh with zonesecd's zonesec module backend (kernel = zonesec): the
# ESP counters that hold liveness checks back come from the module's SAs.
ZS_DPD_KERNEL=zonesec exec "$(dirname "$0")/ike_dpd.sh" "$@"
