#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# herd.sh: run herd7 (Debian's herdtools7) with the kernel memory model (LKMM).
#
#   scripts/herd.sh --install                 make the herd7 chroot if needed, print its version
#   scripts/herd.sh [--model DIR] [herd7 options] FILE.litmus...   with the LKMM
#   scripts/herd.sh --arch [herd7 options] FILE.litmus...            with herd7's own models
#
# herdtools7 is packaged in Debian unstable only and needs a newer C library than Debian 12's,
# so it runs in a minimal sid chroot, made once with debootstrap under $CACHE/herd/root (from the
# Debian mirror this machine's apt sources name, checked with its keyring) and made again when it
# is missing, partial or broken (the .debs stay in $CACHE/herd/debs for that). Each run copies the
# model (default: the base tree's tools/memory-model) and the litmus files into a fresh directory
# of the chroot and runs herd7 there with "-conf linux-kernel.cfg" (with --arch: herd7's model of
# the test's architecture, e.g. aarch64.cat); nothing is mounted. Needs root (debootstrap, chroot).
# HERD_SUITE=sid (default) picks the Debian suite.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

HERD="$CACHE/herd"
ROOT="$HERD/root"
: "${HERD_SUITE:=sid}"

# unmount whatever an interrupted debootstrap left mounted under $1 (proc, sys, dev binds)
umount_under() {
	local d
	for d in $(awk -v p="$1/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r); do
		umount -l "$d" 2>/dev/null || warn "could not unmount $d"
	done
}

# remove a chroot directory safely: never through a mount point into the host
remove_root() {
	[ -e "$1" ] || return 0
	umount_under "$1"
	rm -rf --one-file-system "$1"
}

herd_ok() {
	[ -x "$ROOT/usr/bin/herd7" ] && chroot "$ROOT" herd7 -version > /dev/null 2>&1
}

install_herd() {
	local uri key new="$HERD/root.new" log="$HERD/debootstrap.log" t0 phase='' line n=0
	[ "$(id -u)" = 0 ] || die "herd7 runs in a Debian $HERD_SUITE chroot ($ROOT): run this as root"
	command -v debootstrap > /dev/null ||
		die "debootstrap is missing (Debian package debootstrap); run 'make deps'"
	read -r uri key <<< "$(mirror debian)" || true
	[ -n "${uri:-}" ] ||
		die "no Debian mirror (a URI ending in /debian) in /etc/apt/sources.list{,.d/}"
	[ -n "${key:-}" ] || key=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -r "$key" ] || die "apt keyring $key not found (Debian package debian-archive-keyring)"
	[ -e "$ROOT" ] && { warn "herd7 chroot $ROOT is broken; making it again"; remove_root "$ROOT"; }
	[ -e "$new" ] && { info "removing $new, left by an interrupted run"; remove_root "$new"; }
	mkdir -p "$HERD/debs"
	stage "herd7: a Debian $HERD_SUITE chroot with herdtools7 (once; a few minutes)"
	info "debootstrap --variant=minbase --include=herdtools7 $HERD_SUITE from $uri (log: $log)"
	t0=$(date +%s)
	# progress: the first line of each debootstrap phase (retrieving, extracting, unpacking,
	# configuring, ...) and a count every 25 packages
	set +e
	debootstrap --variant=minbase --include=herdtools7 --keyring="$key" --cache-dir="$HERD/debs" \
		"$HERD_SUITE" "$new" "$uri" 2>&1 | tee "$log" | while IFS= read -r line; do
		case $line in
		I:\ *)	read -r _ verb _ <<< "$line"
			[ "$verb" = Validating ] && continue
			if [ "$verb" = "$phase" ]; then
				n=$((n + 1))
				[ $((n % 25)) != 0 ] || info "debootstrap: $verb: $n packages"
				continue
			fi
			phase=$verb n=1
			info "debootstrap: ${line#I: }" ;;
		E:\ *)	info "debootstrap: $line" ;;
		esac
	done
	local rc=${PIPESTATUS[0]}
	set -e
	if [ "$rc" != 0 ]; then
		umount_under "$new"
		tail -n 5 "$log" >&2
		grep -q "^E: Couldn't find these debs:.*herdtools7" "$log" &&
			die "package herdtools7 is not in Debian $HERD_SUITE at $uri (log: $log)"
		grep -q '^E: \(Failed getting release\|Release signed by unknown\|Invalid Release\)' "$log" &&
			die "cannot get a verified Debian $HERD_SUITE from $uri (unreachable, or not" \
				"signed by a key in $key; log: $log)"
		grep -q "^E: Couldn't download" "$log" &&
			die "downloading packages of Debian $HERD_SUITE from $uri failed (log: $log)"
		die "debootstrap of Debian $HERD_SUITE failed (exit $rc; log: $log; partial chroot $new)"
	fi
	umount_under "$new"
	[ -x "$new/usr/bin/herd7" ] || die "debootstrap left no /usr/bin/herd7 in $new (log: $log)"
	mv "$new" "$ROOT"
	herd_ok || die "herd7 does not run in $ROOT (try: chroot $ROOT herd7 -version)"
	info "herd7 chroot ready in $(( $(date +%s) - t0 )) s:" \
		"herd7 $(chroot "$ROOT" herd7 -version | head -n 1)"
}

if ! herd_ok; then
	mkdir -p "$HERD"
	exec 9> "$HERD/lock"
	flock 9				# one installer at a time; the others then find it ready
	herd_ok || install_herd
	exec 9>&-
fi

mode=lkmm model="$BASETREE/tools/memory-model"
case ${1:-} in
--install) info "herd7 $(chroot "$ROOT" herd7 -version | head -n 1) in $ROOT"; exit 0 ;;
--model) model=$2; shift 2 ;;
--arch) mode=arch; shift ;;
esac
[ $# -gt 0 ] || die "usage: herd.sh [--install] [--model DIR | --arch] [herd7 options] FILE..."

# a private directory of the chroot with the model files and copies of the tests
run=$(mktemp -d "$ROOT/tmp/herd.XXXXXX")
trap 'rm -rf "$run"' EXIT
args=()
for a in "$@"; do
	case $a in
	*.litmus) [ -f "$a" ] || die "no litmus test $a"
		mkdir -p "$run/in"
		cp "$a" "$run/in/"
		args+=("in/${a##*/}") ;;
	*)	args+=("$a") ;;
	esac
done
if [ $mode = lkmm ]; then
	[ -f "$model/linux-kernel.cfg" ] ||
		die "no kernel memory model (linux-kernel.cfg) in $model; run 'make base'"
	find "$model" -maxdepth 1 -type f -exec cp -t "$run" {} +
	set -- -conf linux-kernel.cfg
else
	set --				# herd7's own model of the test's architecture
fi
chroot "$ROOT" /bin/sh -c 'd=$1; shift; cd "$d" && exec herd7 "$@"' herd "${run#"$ROOT"}" \
	"$@" "${args[@]}"
