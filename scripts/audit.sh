#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# audit.sh: the pmd_none() / pte_offset_map() walker audit of the project (audit/audit.sh) over
# a kernel tree. Same arguments as audit/audit.sh:
#   scripts/audit.sh TREE [DIR-OR-FILE...]   report on stdout (default: whole tree)
#   scripts/audit.sh --check TREE REPORT     regenerate, compare with REPORT
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need spatch coccinelle
exec "$TOP/audit/audit.sh" "$@"
