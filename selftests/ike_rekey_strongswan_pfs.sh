#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ike_rekey_strongswan.sh with PFS: our tunnels say pfs = yes, charon's
# esp_proposals name x25519, so every child rekey, charon's and ours,
# carries KE payloads and keys the new pair with the new shared secret.
ZS_REKEY_PFS=1 exec "$(dirname "$0")/ike_rekey_strongswan.sh" "$@"
