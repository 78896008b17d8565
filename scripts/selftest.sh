#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftest.sh: the workbench's own bad-input tests. Each must see the clear error it promises.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
cleanup() { # the fake series' worktree and its branch, then the files
	git -C "$BASETREE" worktree remove --force "$tmp/work" 2>/dev/null
	git -C "$BASETREE" for-each-ref --format='%(refname:short)' 'refs/heads/mmseries-work-*' |
		xargs -r git -C "$BASETREE" branch -q -D 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
t() { # NAME EXPECTED-REGEX CMD...: the command must fail and print EXPECTED
	local name=$1 want=$2 out rc
	shift 2
	out=$("$@" 2>&1); rc=$?
	if [ $rc != 0 ] && echo "$out" | grep -qE "$want"; then
		echo "ok selftest $name"
	else
		echo "not ok selftest $name (exit $rc, wanted /$want/)"
		echo "$out" | tail -n 5 | sed 's/^/    /'
	fi
}
fake() { # a copy of the project with its own series/patches, sharing $CACHE but not $WORK
	rm -rf "$tmp/top"
	mkdir -p "$tmp/top"
	cp -a "$TOP/scripts" "$SDIR/series" "$SDIR/patches" "$tmp/top/"
}
fake
echo "0099-missing.patch" >> "$tmp/top/series"
t series-lists-missing "series lists 0099-missing.patch, which is not in patches/" \
	env WORK="$tmp/work" "$tmp/top/scripts/apply.sh"
fake
cp "$tmp/top/patches/$(series_patches | head -n1)" "$tmp/top/patches/0098-unlisted.patch"
t patch-not-in-series "patches/0098-unlisted.patch is not listed in series" \
	env WORK="$tmp/work" "$tmp/top/scripts/apply.sh"
fake
p1=$(series_patches | head -n1)
# break the first hunk's context: the error must name the patch and the file
awk '/^@@/ { h = 1 } h == 1 && /^ / { $0 = $0 " BROKEN"; h = 2 } { print }' "$SDIR/patches/$p1" > "$tmp/top/patches/$p1"
t patch-does-not-apply "patch 1/[0-9]+ $p1 does not apply.*|error: patch failed: [^ ]+:[0-9]+" \
	env WORK="$tmp/work" "$tmp/top/scripts/apply.sh"
git -C "$BASETREE" worktree prune
printf 'x\n[  1.0] BUG: kernel NULL pointer dereference, address: 0\n' > "$tmp/console"
t splat-detected "KERNEL SPLATS" "$TOP/scripts/splats.sh" "$tmp/console"
printf 'a clean boot\nmmseries: start x\n' > "$tmp/clean"
if "$TOP/scripts/splats.sh" "$tmp/clean" >/dev/null; then echo "ok selftest clean-console"; else echo "not ok selftest clean-console"; fi
printf 'x\tfail\t1\t0\t1\t0\texit 1\n' > "$tmp/tsv"
t failed-test-fails-table "FAIL" "$TOP/scripts/table.sh" "$tmp/tsv"
t missing-fragment "kconfig fragment /nonexistent.config not found" \
	"$TOP/scripts/config.sh" "$BASETREE" "$tmp/build" /nonexistent.config
t unknown-base "unknown BASE=9.9; known bases: 7.3 .*6.12" env BASE=9.9 "$TOP/scripts/apply.sh"
t missing-tool "missing tool 'no-such-tool' \(Debian package: no-such-package\)" \
	bash -c ". '$TOP/scripts/lib.sh' && need no-such-tool no-such-package"
t base-version-not-served "$BASE_PKG 7.3.99-1 is not available from suite $BASE_SUITE" \
	env CACHE="$tmp/cache" BASE_PKG_WANT=7.3.99-1 "$TOP/scripts/fetch.sh"
# a guest that never reports back: killed after BOOT_TIMEOUT, with the console tail shown
if [ -f "$BUILD/arch/x86/boot/bzImage" ]; then
	mkdir -p "$tmp/hang/bin" "$tmp/hangout"
	cp "$(command -v busybox)" "$tmp/hang/bin/busybox"
	printf '#!/bin/busybox sh\necho "selftest: this guest hangs" > /dev/console\n/bin/busybox sleep 100000\n' > "$tmp/hang/init"
	chmod +x "$tmp/hang/init"
	(cd "$tmp/hang" && find . | cpio -o -H newc --quiet) > "$tmp/hang.cpio"
	out=$(env OUT="$tmp/hangout" BOOT_TIMEOUT=20 NUMA=1 ACCEL=tcg \
		"$TOP/scripts/boot.sh" "$BUILD/arch/x86/boot/bzImage" "$tmp/hang.cpio" 2>&1); rc=$?
	if [ $rc != 0 ] && echo "$out" | grep -q "GUEST HUNG" && echo "$out" | grep -q "this guest hangs"; then
		echo "ok selftest hung-guest"
	else
		echo "not ok selftest hung-guest (exit $rc)"
		echo "$out" | tail -n 5 | sed 's/^/    /'
	fi
fi
