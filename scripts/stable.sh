#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stable.sh: the LTS backport in 'make check': BASE=6.12 applied (git am + quilt), built and
# booted with stable/6.12/selftests/short.list. One "ok"/"not ok" line per guest test.
set -uo pipefail
export BASE=6.12 LISTS=short ONLY= TEST= CATEGORIES= KASAN= BROKEN= EXTRA_PATCH= CONFIG=
# make check's own (mainline) trees and outputs are in the environment: take 6.12's
unset BC BASETREE WORK BUILD OUT
. "$(dirname "$0")/lib.sh"
rm -f "$OUT/results.tsv"
T0=$(date +%s) "$TOP/scripts/run.sh"
rc=$?
tsv="$OUT/results.tsv"
if [ -s "$tsv" ]; then
	awk -F'\t' '{ printf "%s 6.12 guest: %s (%s s)%s\n", ($2 == "fail" ? "not ok" : "ok"), $1, $3,
		($7 != "" ? " - " $7 : "") }' "$tsv"
fi
[ $rc = 0 ] || echo "not ok 6.12: make run BASE=6.12 failed (exit $rc)"
exit $rc
