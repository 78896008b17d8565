#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# audit.sh: run the pmd_none() walker audit (coccinelle) over a kernel tree.
#
#   scripts/audit.sh TREE [DIR-OR-FILE...]   report on stdout (default: whole tree)
#   scripts/audit.sh --check TREE REPORT     regenerate, diff against REPORT (ignoring
#                                            moved line numbers), print "ok ..." or "not ok ..."
#
# The report is normalized so that it can be diffed: one line per site,
# "file:line: function: CLASS: detail", paths relative to TREE, sorted by
# file and line, no timing. Progress goes to stderr.
# Environment: COCCI (semantic patch; default: the one the series adds to the kernel,
# scripts/coccinelle/mm/pmd_none_walkers.cocci in the series worktree, so that the base
# and the patched tree are audited by the same script), J (spatch jobs, default 2),
# SPATCH (default spatch).
set -euo pipefail

. "$(dirname "$0")/lib.sh"
: "${COCCI:=$WORK/scripts/coccinelle/mm/pmd_none_walkers.cocci}"
: "${J:=2}"
: "${SPATCH:=spatch}"

usage() {
	sed -n 's/^#   //p' "$0" >&2
	exit 2
}

# run TREE TARGET...: normalized report of TARGETs (relative to TREE) on stdout
run() {
	local tree=$1 t start
	shift
	command -v "$SPATCH" >/dev/null || { echo "audit: $SPATCH not found" >&2; exit 1; }
	[ -f "$COCCI" ] || { echo "audit: no $COCCI" >&2; exit 1; }
	local cocci raw=$tmp/raw err=$tmp/err
	local -a args
	cocci=$(readlink -f "$COCCI")
	: > "$raw"
	for t in "$@"; do
		start=$(date +%s)
		echo "audit: $t ..." >&2
		if [ -d "$tree/$t" ]; then
			args=(--dir "$t")
		elif [ -f "$tree/$t" ]; then
			args=("$t")
		else
			echo "audit: no $t in $tree" >&2
			exit 1
		fi
		if ! (cd "$tree" && nice -n 19 "$SPATCH" --very-quiet -D report \
			--no-includes --include-headers --jobs "$J" --chunksize 1 \
			--sp-file "$cocci" "${args[@]}") >> "$raw" 2> "$err"; then
			cat "$err" >&2
			echo "audit: spatch failed on $t" >&2
			exit 1
		fi
		# spatch reports Python errors on stderr but may still exit 0
		if grep -q "Python\|Traceback\|parse error" "$err"; then
			cat "$err" >&2
			echo "audit: script error on $t" >&2
			exit 1
		fi
		echo "audit: $t done in $(( $(date +%s) - start ))s" >&2
	done
	grep -E '^[^ ]+:[0-9]+: ' "$raw" | sed 's|^\./||' |
		sort -t: -k1,1 -k2,2n -u
}

[ $# -ge 1 ] || usage
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$1" = "--check" ]; then
	[ $# -eq 3 ] || usage
	tree=$2 want=$3
	new=$tmp/new
	run "$tree" . > "$new"
	# Sites are compared without their line numbers: an edit above a site moves it, but
	# only a site that appears, disappears or changes class is a finding.
	nolines() { sed 's/^\([^:]*\):[0-9]*:/\1:/' "$1" | sort; }
	if cmp -s "$want" "$new"; then
		echo "ok pmd_none audit report matches $(basename "$want")"
	elif diff -u <(nolines "$want") <(nolines "$new") >&2; then
		echo "ok pmd_none audit report matches $(basename "$want") (line numbers moved;" \
		     "refresh with: scripts/audit.sh TREE > $want)"
	else
		echo "not ok pmd_none audit report differs from $(basename "$want")" \
		     "(update it with: scripts/audit.sh TREE > $want)"
		exit 1
	fi
	exit 0
fi

tree=$1
shift
[ -d "$tree" ] || { echo "audit: $tree is not a directory" >&2; exit 1; }
[ $# -gt 0 ] || set -- .
run "$tree" "$@"
