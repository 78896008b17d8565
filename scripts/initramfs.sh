#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh OUTFILE: pack busybox-static, selftests/init, the built selftests, the test lists
# and the user's programs (TEST=file-or-directory) into an uncompressed cpio archive.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
img=$1
bb=/bin/busybox
[ -x "$bb" ] && file -L "$bb" 2>/dev/null | grep -q 'statically linked' ||
	bb=$(dpkg -L busybox-static 2>/dev/null | grep -m1 '/bin/busybox$' || true)
[ -n "$bb" ] && [ -x "$bb" ] || die "busybox-static is not installed (run 'make deps')"
root="$OUT/initramfs"
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc,mm,tests}
cp "$bb" "$root/bin/busybox"
cp "$TOP/selftests/init" "$root/init"
chmod +x "$root/init"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3
cp -a "$OUT"/mm/. "$root/mm/"
cp -a "$OUT"/tests/. "$root/tests/"
# test list: the upstream selftests, then the project's (LIST overrides, e.g. LIST=quick)
lists=${LISTS:-"$LISTDIR/upstream.list $LISTDIR/project.list"}
: > "$root/etc/tests.list"
for l in $lists; do
	[ -f "$l" ] || { [ -f "$LISTDIR/$l.list" ] && l="$LISTDIR/$l.list"; }
	[ -f "$l" ] || die "test list $l not found (lists of base $BASE: $(cd "$LISTDIR" && ls *.list | tr '\n' ' '))"
	cat "$l" >> "$root/etc/tests.list"
done
# CATEGORIES="a b": run_vmtests.sh categories instead of the lists' (mainline)
if [ -n "${CATEGORIES:-}" ]; then
	[ -f "$OUT/mm/run_vmtests.sh" ] || die "CATEGORIES= needs run_vmtests.sh (mainline selftests)"
	: > "$root/etc/tests.list"
	for c in $CATEGORIES; do
		grep -q "CATEGORY=\"$c\"" "$OUT/mm/run_vmtests.sh" ||
			die "CATEGORIES: run_vmtests.sh has no category '$c'"
		t=$(awk -v c="$c" '$1 == c { print $2 }' "$LISTDIR/upstream.list")
		printf '%s\t%s\trun_vmtests.sh -t %s\n' "$c" "${t:-900}" "$c" >> "$root/etc/tests.list"
	done
fi
# bash for run_vmtests.sh and its scripts
bash=$(command -v bash-static || dpkg -L bash-static 2>/dev/null | grep -m1 '/bash-static$' || true)
if [ -n "$bash" ]; then
	cp "$bash" "$root/bin/bash"
else
	grep -q 'run_vmtests.sh' "$root/etc/tests.list" && die "bash-static is not installed (run 'make deps')"
fi
# guest scripts of the project (selftests/*.sh), run like the project's programs
for f in "$TOP"/selftests/*.sh; do
	[ -e "$f" ] && install -m 755 "$f" "$root/tests/"
done
# host programs a selected list declares with "# needs: prog...", with their shared libraries
for l in $lists; do
	[ -f "$l" ] || l="$LISTDIR/$l.list"
	[ -f "$l" ] || continue
	for prog in $(sed -n 's/^# needs://p' "$l"); do
		path=$(command -v "$prog") || die "$(basename "$l") needs $prog, which is not installed (run 'make deps')"
		mkdir -p "$root/usr/bin"
		cp "$path" "$root/usr/bin/"
		for lib in $(ldd "$path" 2>/dev/null | grep -o '/[^ ]*'); do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
		info "host program $prog for the guest ($(ldd "$path" | grep -c /) libraries)"
	done
done
if [ -n "${ONLY:-}" ]; then
	# ONLY="name1 name2": keep just those tests
	pat=$(echo "$ONLY" | tr ' ' '|')
	grep -E "^($pat)[[:space:]]" "$root/etc/tests.list" > "$root/etc/tests.only" || true
	mv "$root/etc/tests.only" "$root/etc/tests.list"
fi
if [ -n "${TEST:-}" ]; then
	mkdir -p "$root/user"
	for t in $TEST; do
		[ -e "$t" ] || die "TEST=$t: no such file or directory"
		if [ -d "$t" ]; then
			find "$t" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/user/" \;
		else
			[ -x "$t" ] || die "TEST=$t is not executable"
			cp "$t" "$root/user/"
		fi
	done
	for f in "$root"/user/*; do
		file "$f" | grep -q 'statically linked\|static-pie linked\|script' ||
			warn "TEST program ${f##*/} is not statically linked: it will not run in the guest"
	done
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$img"
info "initramfs $(du -h "$img" | cut -f1): $(grep -vc '^#' "$root/etc/tests.list") listed tests," \
	"$(ls "$root/user" 2>/dev/null | wc -l) user programs"
