#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# esp4_matrix_xfrm.sh over IPv6: every ESP algorithm, transport and
# tunnel mode, against Linux XFRM. One test for both families: see
# esp4_matrix_xfrm.sh.

ZS_TEST_NAME=$(basename "$0")
export ZS_TEST_NAME
exec "$(dirname "$0")/esp4_matrix_xfrm.sh" 6
