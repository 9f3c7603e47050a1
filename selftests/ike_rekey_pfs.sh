#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_rekey.sh with pfs = yes on both zonesecd: every child rekey (timer
# or the module's soft EXPIRE) carries KE payloads and keys the new pair
# with the new shared secret.
ZS_REKEY_PFS=1 exec "$(dirname "$0")/ike_rekey.sh" "$@"
