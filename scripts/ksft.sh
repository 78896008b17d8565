#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the tree's mm selftests statically against the patched tree's UAPI headers into $OUT/mm,
# and the project's own guest programs (selftests/*.c) into $OUT/tests.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src=${1:-$WORK}
hdr="$BUILD/usr"
info "installing UAPI headers of the patched tree"
make -s -C "$src" O="$BUILD" ARCH=x86_64 headers_install INSTALL_HDR_PATH="$hdr" >/dev/null
# from scratch: a test that no longer builds must not run as the binary of an earlier tree
rm -rf "$OUT/mm" "$OUT/tests"
mkdir -p "$OUT/mm" "$OUT/tests"
info "building tools/testing/selftests/mm (static)"
# -k: a test that does not build is reported as "not built" in the guest, not a build stop.
if ! make -k -j"$(nproc)" -C "$src/tools/testing/selftests/mm" OUTPUT="$OUT/mm" \
	KHDR_INCLUDES="-isystem $hdr/include" EXTRA_CFLAGS="-static" > "$OUT/ksft-build.log" 2>&1; then
	warn "some mm selftests did not build; see $OUT/ksft-build.log:"
	grep -E 'error:|Error [0-9]' "$OUT/ksft-build.log" | head -n 20 >&2
fi
# run_vmtests.sh and the scripts it calls run from the directory of the binaries
find "$src/tools/testing/selftests/mm" -maxdepth 1 -name '*.sh' -exec install -m 755 {} "$OUT/mm/" \;
# every test named in the lists must exist
missing=0
for name in $(awk '!/^#/ && NF { print $3 }' "$LISTDIR"/*.list); do
	[ -x "$OUT/mm/$name" ] || [ -x "$OUT/tests/$name" ] || [ -f "$TOP/selftests/$name.c" ] ||
		[ -x "$TOP/selftests/$name" ] ||
		{ warn "selftest $name is listed but was not built"; missing=1; }
done
# the project's own guest programs
for c in "$TOP"/selftests/*.c; do
	[ -e "$c" ] || continue
	b=$(basename "$c" .c)
	# a program may need what only the series adds (e.g. test_mixedmap's UAPI header)
	gcc -static -O2 -Wall -Werror -isystem "$hdr/include" -I "$src/tools/testing/selftests" -idirafter "$src" \
		-o "$OUT/tests/$b" "$c" -lpthread -lm 2> "$OUT/tests/$b.log" ||
		{ warn "project program $b does not build on this tree: $(grep -m1 error "$OUT/tests/$b.log")"; rm -f "$OUT/tests/$b"; }
	rm -f "$OUT/tests/$b.log"
done
info "selftests built: $(find "$OUT/mm" -maxdepth 1 -type f -perm -u+x | wc -l) upstream," \
	"$(find "$OUT/tests" -maxdepth 1 -type f -perm -u+x | wc -l) project"
exit $missing
