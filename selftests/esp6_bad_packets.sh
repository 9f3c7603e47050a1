#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# esp_bad_packets.sh over IPv6: tampered, replayed, too short, truncated,
# unknown-SPI and bad-padding ESP, and covered clear text, each dropped
# and counted once by its reason; ESN across 2^32 both ways first. One
# test for both families: see esp_bad_packets.sh for the topology.

ZS_TEST_NAME=$(basename "$0")
export ZS_TEST_NAME
exec "$(dirname "$0")/esp_bad_packets.sh" 6
