#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# litmus.sh: 'make litmus'. Every litmus/*.litmus through herd7 with the base tree's kernel memory
# model (tools/memory-model/linux-kernel.cfg), every litmus/arch/*.litmus with herd7's model of its
# architecture (AArch64: aarch64.cat, X86: x86tso.cat). Each test names its expected verdict in its
# header comment the way the kernel's own litmus tests do (" * Result: Never"). One line per test:
#   ok litmus NAME: Never (expected Never, 0.41 s, herd7 0.02 s)
# and exit 1 on any mismatch, herd7 error or herd7 flag (a data race, say). herd7 runs in a Debian
# sid chroot (scripts/herd.sh), made on first use. LITMUS="name ..." runs only these tests.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

log="$OUT/litmus"
mkdir -p "$log"
[ -f "$BASETREE/tools/memory-model/linux-kernel.cfg" ] ||
	die "no kernel memory model in $BASETREE/tools/memory-model; run 'make base'"
stage "herd7" 1/2
"$TOP/scripts/herd.sh" --install || die "herd7 is not available (see above)"
info "LKMM: $BASETREE/tools/memory-model"

tests=("$TOP"/litmus/*.litmus "$TOP"/litmus/arch/*.litmus)
if [ -n "${LITMUS:-}" ]; then
	sel=()
	for n in $LITMUS; do
		for f in "${tests[@]}"; do
			[ "$(basename "$f" .litmus)" = "${n%.litmus}" ] && sel+=("$f") && continue 2
		done
		die "no litmus test $n in litmus/ or litmus/arch/"
	done
	tests=("${sel[@]}")
fi

stage "litmus tests (${#tests[@]})" 2/2
fail=0
for f in "${tests[@]}"; do
	name=$(basename "$f" .litmus)
	want=$(sed -n 's/^ \* Result: \([A-Za-z]*\).*/\1/p' "$f" | head -n 1)
	case $(head -n 1 "$f" | cut -d' ' -f1) in
	C)	how=(); model=LKMM ;;
	AArch64) how=(--arch -model aarch64.cat); model=aarch64.cat ;;
	X86)	how=(--arch -model x86tso.cat); model=x86tso.cat ;;
	*)	echo "not ok litmus $name: unknown architecture on its first line"; fail=1; continue ;;
	esac
	t0=$(date +%s%N)
	"$TOP/scripts/herd.sh" "${how[@]}" "$f" > "$log/$name.out" 2>&1
	rc=$?
	wall=$(( ($(date +%s%N) - t0) / 10000000 ))
	wall=$((wall / 100)).$(printf %02d $((wall % 100)))
	got=$(awk '$1 == "Observation" { print $3 }' "$log/$name.out")
	herdt=$(awk '$1 == "Time" { print $3 }' "$log/$name.out")
	# aarch64.cat flags every dmb ish: "ISH taken as all threads" is the kernel's own assumption
	flags=$(awk '$1 == "Flag" && $2 != "Assuming-common-inner-shareable-domain" { printf " %s", $2 }' \
		"$log/$name.out")
	why=
	[ -n "$want" ] || why="no ' * Result:' line in the test"
	[ $rc = 0 ] && [ -n "$got" ] ||
		why="herd7 failed (exit $rc): $(grep -m 1 -i 'error\|warning' "$log/$name.out")"
	[ -z "$flags" ] || why="herd7 flagged$flags"
	[ -n "$why" ] || [ "$got" = "$want" ] || why="mismatch"
	if [ -z "$why" ]; then
		echo "ok litmus $name: $got (expected $want, $wall s, herd7 ${herdt:-?} s, $model)"
	else
		echo "not ok litmus $name: ${got:-no verdict} (expected ${want:-?}, $wall s, $model):" \
			"$why; output: $log/$name.out"
		fail=1
	fi
done
[ $fail = 0 ] || die "litmus: a verdict differs from the expected one (see above)"
info "all ${#tests[@]} verdicts as expected"
