#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# audit.sh: run the pmd_none() / pte_offset_map() walker inventory (coccinelle)
# over a kernel tree.
#
#   audit.sh TREE [DIR-OR-FILE...]   report on stdout (default: whole tree)
#   audit.sh --check TREE REPORT     regenerate, diff against REPORT (ignoring
#                                    moved line numbers), print "ok ..." or "not ok ..."
#
# The report is normalized so that it can be diffed: one line per site,
# "file:line: function: CLASS: [tag] detail", paths relative to TREE, sorted by
# file and line, no timing. Progress and timings go to stderr.
# Environment: COCCI (default: pmd_none_walkers.cocci next to this script),
# MACROS (spatch --macro-file; default: macros.h next to this script),
# J (spatch jobs, default 2), SPATCH (default spatch), TIMEOUT (seconds per
# file, default 600).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${COCCI:=$here/pmd_none_walkers.cocci}"
: "${MACROS:=$here/macros.h}"
: "${J:=2}"
: "${SPATCH:=spatch}"
: "${TIMEOUT:=600}"

usage() {
	sed -n 's/^#   //p' "$0" >&2
	exit 2
}

# Files that can hold a site: they name one of the predicates or callees.
TOKENS='\b(pmd_none|pmd_present|pmd_none_or_clear_bad|pte_offset_map|pte_offset_map_lock|pte_offset_map_ro_nolock|pte_offset_map_rw_nolock|pte_alloc_map|pte_alloc_map_lock)[[:space:]]*\('

# run TREE TARGET...: normalized report of TARGETs (relative to TREE) on stdout.
# The candidate files are listed with grep and given to spatch as file groups
# of one file each: --dir would also parse files that cannot hold a site (and
# took over 15 minutes on 7.3), while a file group keeps the per-file semantics.
run() {
	local tree=$1 t start n cocci
	local -a macro=()
	shift
	command -v "$SPATCH" >/dev/null || { echo "audit: $SPATCH not found" >&2; exit 1; }
	[ -f "$COCCI" ] || { echo "audit: no $COCCI" >&2; exit 1; }
	cocci=$(readlink -f "$COCCI")
	[ -f "$MACROS" ] && macro=(--macro-file "$(readlink -f "$MACROS")")
	: > "$tmp/raw"
	for t in "$@"; do
		start=$(date +%s.%N)
		if [ -d "$tree/$t" ]; then
			(cd "$tree" && grep -rlE "$TOKENS" --include='*.c' --include='*.h' "$t") |
				sed 's|^\./||' | sort > "$tmp/files"
		elif [ -f "$tree/$t" ]; then
			echo "$t" > "$tmp/files"
		else
			echo "audit: no $t in $tree" >&2
			exit 1
		fi
		n=$(wc -l < "$tmp/files")
		echo "audit: $t: $n files ..." >&2
		[ "$n" -gt 0 ] || continue
		awk '{ print; print "" }' "$tmp/files" > "$tmp/groups"
		if ! (cd "$tree" && nice -n 19 "$SPATCH" --very-quiet -D report \
			--no-includes --include-headers "${macro[@]}" --jobs "$J" \
			--chunksize 1 --timeout "$TIMEOUT" --tmp-dir "$tmp/sp" \
			--sp-file "$cocci" --file-groups "$tmp/groups") >> "$tmp/raw" 2> "$tmp/err"; then
			cat "$tmp/err" >&2
			echo "audit: spatch failed on $t" >&2
			exit 1
		fi
		# spatch reports Python errors and timeouts on stderr but may exit 0
		if grep -qi "Python\|Traceback\|parse error\|timeout" "$tmp/err"; then
			cat "$tmp/err" >&2
			echo "audit: script error or timeout on $t" >&2
			exit 1
		fi
		echo "audit: $t done in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")s" >&2
	done
	grep -E '^[^ ]+:[0-9]+: ' "$tmp/raw" | sed 's|^\./||' |
		sort -t: -k1,1 -k2,2n -k3 -u
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
		echo "ok walker audit report matches $(basename "$want")"
	elif diff -u <(nolines "$want") <(nolines "$new") >&2; then
		echo "ok walker audit report matches $(basename "$want") (line numbers moved;" \
		     "refresh with: audit.sh TREE > $want)"
	else
		echo "not ok walker audit report differs from $(basename "$want")" \
		     "(update it with: audit.sh TREE > $want)"
		exit 1
	fi
	exit 0
fi

tree=$1
shift
[ -d "$tree" ] || { echo "audit: $tree is not a directory" >&2; exit 1; }
[ $# -gt 0 ] || set -- .
run "$tree" "$@"
