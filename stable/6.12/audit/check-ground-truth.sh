#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-ground-truth.sh: compare a pmd_none() audit report with the
# hand-checked ground truth; print per-class recall and precision.
#
#   audit/check-ground-truth.sh [REPORT|TREE]
#
# REPORT defaults to Documentation/audit/report-base.txt. Given a kernel
# TREE instead, the report is regenerated for the ground-truth scope.
# Scope: sites in files matching GT_SCOPE (default: mm/ and
# fs/proc/task_mmu.c). Exits 1 when a ground-truth site is missing or
# misclassified, or the report has a site in scope that the ground truth
# does not know.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
GT=${GT:-$TOP/audit/ground-truth.tsv}
: "${GT_SCOPE:=^(mm/|fs/proc/task_mmu\.c$)}"
src=${1:-$TOP/Documentation/audit/report-base.txt}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -d "$src" ]; then
	"$TOP/scripts/audit.sh" "$src" mm fs/proc/task_mmu.c > "$tmp/report"
else
	cp "$src" "$tmp/report"
fi

# report line "file:line: function: class: detail" -> file TAB line TAB function TAB class
sed -E 's/^([^:]+):([0-9]+): ([^:]+): ([^:]+): .*/\1\t\2\t\3\t\4/' "$tmp/report" |
	awk -F'\t' -v scope="$GT_SCOPE" '$1 ~ scope' > "$tmp/got"
grep -v '^#' "$GT" | cut -f1-4 > "$tmp/want"

awk -F'\t' '
	FNR == NR { want[$1 FS $2] = $4; wfn[$1 FS $2] = $3; next }
	{ got[$1 FS $2] = $4; gfn[$1 FS $2] = $3 }
	END {
		bad = 0
		for (k in want) {
			c = want[k]; nw[c]++
			split(k, a, FS)
			if (!(k in got)) {
				printf "MISSING  %s:%s %s (%s)\n", a[1], a[2], wfn[k], c
				bad++
			} else if (got[k] != c) {
				printf "WRONG    %s:%s %s: %s, expected %s\n", a[1], a[2], wfn[k], got[k], c
				bad++
			} else
				tp[c]++
		}
		for (k in got) {
			c = got[k]
			if (k in want)
				ng[c]++
			else {
				split(k, a, FS)
				printf "EXTRA    %s:%s %s (%s): not in ground truth\n", a[1], a[2], gfn[k], c
				bad++
			}
		}
		printf "%-14s %5s %5s %5s %8s %10s\n", "class", "truth", "found", "match", "recall", "precision"
		n = split("skips installs revalidates lockless(irq) lockless(rcu) kernel unknown", order, " ")
		for (i = 1; i <= n; i++) {
			c = order[i]
			r = nw[c] ? sprintf("%.2f", tp[c] / nw[c]) : "-"
			p = ng[c] ? sprintf("%.2f", tp[c] / ng[c]) : "-"
			printf "%-14s %5d %5d %5d %8s %10s\n", c, nw[c], ng[c], tp[c], r, p
			all_w += nw[c]; all_g += ng[c]; all_t += tp[c]
		}
		printf "%-14s %5d %5d %5d %8.2f %10.2f\n", "all", all_w, all_g, all_t,
			all_w ? all_t / all_w : 0, all_g ? all_t / all_g : 0
		exit bad ? 1 : 0
	}' "$tmp/want" "$tmp/got" && rc=0 || rc=$?
if [ $rc = 0 ]; then
	echo "ok pmd_none audit matches the ground truth ($(wc -l < "$tmp/want") sites)"
else
	echo "not ok pmd_none audit disagrees with the ground truth"
fi
exit $rc
