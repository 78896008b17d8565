#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ab.sh: before/after benchmarks of the series. Builds a "before" kernel next to the series kernel:
# the base plus AB_BEFORE, the patches that add test scaffolding but change nothing in mm/ (by
# default those on the "# before:" line of the list, MAINTAINERS hunks left out).
# Boots the two kernels in turn, ROUNDS times each (before, after, before, after, ...), with the same
# guest, the same programs (the base's selftests/ab.list) and the same kconfig fragments, and prints for every
# "metric NAME VALUE UNIT" line the median per kernel and the ratio after/before.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-2}
list=${AB_LIST:-$LISTDIR/ab.list}
[ -f "$list" ] || die "AB_LIST=$list: no such file"
# the before kernel's patches: AB_BEFORE, else the list's "# before: NNNN ..." line
AB_BEFORE=${AB_BEFORE:-$(sed -n 's/^# before: *//p' "$list" | head -n 1)}
abwork="$BC/ab-work" abbuild="$BC/ab-build"
[ -f "$list" ] || die "AB_LIST=$list: no such file"
case $ROUNDS in ''|*[!0-9]*|0) die "ROUNDS=$ROUNDS: must be a positive number" ;; esac
S=5
abbuild+=${BUILD#"$BC/build"}	# the variant suffix (CONFIG=, KASAN=1) of lib.sh

summary() {
	stage "summary" 5/$S
	echo "# make ab (scripts/ab.sh): before = base $BASE_KVER + patches $AB_BEFORE;" \
		"after = the whole series ($(series_patches | wc -l) patches)"
	echo "# same fragments ($(cd "$FRAGS" && ls *.config | tr '\n' ' '| sed 's/ $//')${CONFIG:+ + $CONFIG})," \
		"same guest (${SMP:-2} vCPUs, ${MEM:-4G}, accel as above), $ROUNDS boots of each, interleaved;"
	echo "# value = median over the boots of each program's own median; ratio = after / before"
	for k in before after; do
		cat "$OUT"/ab-$k-*.log | tr -d '\r' | awk -v k=$k '$1 == "#" && $2 == "metric" { print k, $3, $4, $5 }'
	done | awk '
		{ v[$2, $1] = v[$2, $1] " " $3; unit[$2] = $4; if (!($2 in seen)) { seen[$2] = 1; order[n++] = $2 } }
		function median(s,   a, m, i, j, t) {
			m = split(s, a, " ")
			for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return m ? (m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2) : -1
		}
		END {
			printf "%-28s %12s %12s %6s %8s  %s\n", "metric", "before", "after", "unit", "ratio", "runs (before | after)"
			for (i = 0; i < n; i++) {
				m = order[i]; b = median(v[m, "before"]); a = median(v[m, "after"])
				printf "%-28s %12.2f %12.2f %6s %8.3f  %s |%s\n", m, b, a, unit[m], (b > 0 ? a / b : 0),
					v[m, "before"], v[m, "after"]
			}
		}'
}

# ab.sh summary: the table again, from the logs of the last run
[ "${1:-}" = summary ] && { summary | tee "$OUT/ab-summary.txt"; exit 0; }

stage "series kernel" 1/$S
"$TOP/scripts/build.sh"
"$TOP/scripts/ksft.sh" "$WORK" || warn "continuing without the missing tests"

stage "before kernel: base + $AB_BEFORE" 2/$S
if [ ! -d "$abwork/.git" ] && [ ! -f "$abwork/.git" ]; then
	git -C "$BASETREE" worktree prune
	git -C "$BASETREE" worktree add -q --detach "$abwork" "$BASE_TAG"
fi
git -C "$abwork" reset -q --hard "$BASE_TAG"
git -C "$abwork" clean -qfdx
for n in $AB_BEFORE; do
	p=$(ls "$SDIR/patches/$n"-*.patch 2>/dev/null | head -n 1)
	[ -n "$p" ] || die "AB_BEFORE names $n, but there is no patches/$n-*.patch"
	git -C "$abwork" apply --exclude=MAINTAINERS "$p" ||
		die "${p##*/} does not apply to the base without the patches before it (AB_BEFORE)"
	info "applied ${p##*/}"
done
"$TOP/scripts/config.sh" "$abwork" "$abbuild" ${CONFIG:-}
info "building the before kernel (log: $OUT/ab-build.log)"
make -C "$abwork" O="$abbuild" ARCH=x86_64 CC="ccache gcc" -j$(( $(nproc) + 1 )) bzImage \
	> "$OUT/ab-build.log" 2>&1 || {
	grep -E 'error:|Error [0-9]' "$OUT/ab-build.log" | head -n 20 >&2
	die "the before kernel does not build (see $OUT/ab-build.log)"
}

stage "initramfs: $(basename "$list")" 3/$S
LISTS="$list" ONLY= TEST= "$TOP/scripts/initramfs.sh" "$OUT/ab.cpio"

stage "guests: $ROUNDS rounds of before, after" 4/$S
rm -f "$OUT"/ab-before-*.log "$OUT"/ab-after-*.log
for r in $(seq "$ROUNDS"); do
	for k in before after; do
		kernel="$BUILD/arch/x86/boot/bzImage"
		[ $k = before ] && kernel="$abbuild/arch/x86/boot/bzImage"
		info "round $r/$ROUNDS: $k kernel"
		SHOW=all "$TOP/scripts/boot.sh" "$kernel" "$OUT/ab.cpio" > "$OUT/ab-boot.log" 2>&1 || {
			tail -n 30 "$OUT/ab-boot.log" >&2
			die "the $k guest failed (round $r); console: $OUT/console.log"
		}
		cp "$OUT/results.log" "$OUT/ab-$k-$r.log"
		grep -h '^# metric ' "$OUT/ab-$k-$r.log" | sed 's/^# metric /        /' | head -n 20
	done
done

summary | tee "$OUT/ab-summary.txt"
