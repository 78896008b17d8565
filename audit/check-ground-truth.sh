#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-ground-truth.sh: compare a walker audit report with the hand-checked
# ground truth; print per-class recall and precision.
#
#   check-ground-truth.sh [REPORT|TREE]
#
# REPORT defaults to report-base.txt next to this script. Given a kernel TREE
# instead, the report is regenerated for the ground-truth scope (mm/ and
# fs/proc/task_mmu.c). Sites are keyed by file, function and tag (the callee
# or predicate and its ordinal in the function), not by line number.
# Exits 1 when a ground-truth site is missing or misclassified, or the report
# has a site in scope that the ground truth does not know, unless the
# disagreement is one of the documented ones (known-disagreements.tsv: file,
# function, tag, what the classifier says, what the ground truth says).
# Environment: GT (ground truth), GT_SCOPE (regex of files in scope), KNOWN.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
GT=${GT:-$here/ground-truth.tsv}
KNOWN=${KNOWN:-$here/known-disagreements.tsv}
: "${GT_SCOPE:=^(mm/|fs/proc/task_mmu\.c$)}"
src=${1:-$here/../Documentation/audit/report-base.txt}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -d "$src" ]; then
	"$here/audit.sh" "$src" mm fs/proc/task_mmu.c > "$tmp/report"
else
	cp "$src" "$tmp/report"
fi

# "file:line: function: class: [tag] detail" -> file TAB function TAB tag TAB class TAB line
sed -E 's/^([^:]+):([0-9]+): ([^:]+): ([^:]+): \[([^]]+)\] .*/\1\t\3\t\5\t\4\t\2/' \
	"$tmp/report" | awk -F'\t' -v scope="$GT_SCOPE" '$1 ~ scope' > "$tmp/got"
grep -v '^#' "$GT" | cut -f1-4 > "$tmp/want"
{ [ -f "$KNOWN" ] && grep -v '^#' "$KNOWN" || true; } > "$tmp/known"

awk -F'\t' '
	FILENAME == ARGV[1] { known[$1 FS $2 FS $3] = $4 FS $5; next }
	FILENAME == ARGV[2] { k = $1 FS $2 FS $3; want[k] = $4; next }
	{ k = $1 FS $2 FS $3; got[k] = $4; line[k] = $5 }
	END {
		bad = 0
		for (k in want) {
			c = want[k]; nw[c]++
			split(k, a, FS)
			if (!(k in got)) {
				printf "MISSING  %s %s [%s] (%s)\n", a[1], a[2], a[3], c
				bad++
			} else if (got[k] != c) {
				if (known[k] == got[k] FS c) {
					printf "KNOWN    %s:%s %s [%s]: %s, expected %s (documented)\n", a[1], line[k], a[2], a[3], got[k], c
					nknown++
				} else {
					printf "WRONG    %s:%s %s [%s]: %s, expected %s\n", a[1], line[k], a[2], a[3], got[k], c
					bad++
				}
			} else
				tp[c]++
		}
		for (k in got) {
			c = got[k]
			if (k in want)
				ng[c]++
			else {
				split(k, a, FS)
				printf "EXTRA    %s:%s %s [%s] (%s): not in ground truth\n", a[1], line[k], a[2], a[3], c
				ng[c]++
				bad++
			}
		}
		printf "%-14s %5s %5s %5s %8s %10s\n", "class", "truth", "found", "match", "recall", "precision"
		n = split("skips installs revalidates lockless(irq) lockless(rcu) kernel unknown " \
			  "nulltable nullretry nullerror nullpass nullnever", order, " ")
		for (i = 1; i <= n; i++) {
			c = order[i]
			r = nw[c] ? sprintf("%.2f", tp[c] / nw[c]) : "-"
			p = ng[c] ? sprintf("%.2f", tp[c] / ng[c]) : "-"
			printf "%-14s %5d %5d %5d %8s %10s\n", c, nw[c], ng[c], tp[c], r, p
			all_w += nw[c]; all_g += ng[c]; all_t += tp[c]
		}
		printf "%-14s %5d %5d %5d %8.2f %10.2f\n", "all", all_w, all_g, all_t,
			all_w ? all_t / all_w : 0, all_g ? all_t / all_g : 0
		for (k in known)
			if (!(k in want) || !(k in got) || got[k] == want[k]) {
				split(k, a, FS)
				printf "STALE    %s %s [%s]: documented disagreement no longer seen\n", a[1], a[2], a[3]
				bad++
			}
		exit bad ? 1 : 0
	}' "$tmp/known" "$tmp/want" "$tmp/got" && rc=0 || rc=$?
if [ "$rc" = 0 ]; then
	echo "ok walker audit matches the ground truth ($(wc -l < "$tmp/want") sites, $(grep -c . "$tmp/known") documented disagreements)"
else
	echo "not ok walker audit disagrees with the ground truth"
fi
exit "$rc"
