# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the workbench scripts: configuration, progress, errors.
# Sourced, never run.

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

: "${CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/mmseries}"
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# BASE selects the kernel and the series applied to it:
#   7.3   mainline (default): patches/ + series at the top of the project
#   6.12  the LTS backport: stable/6.12/patches/ + stable/6.12/series
# Each base is one Debian package, fetched from the Debian mirror the machine's own apt
# configuration names (scripts/fetch.sh), never installed.
KNOWN_BASES="7.3 6.12"
: "${BASE:=7.3}"
case $BASE in
7.3)	BASE_PKG=linux-source-7.3 BASE_PKG_VERSION=7.3.4-1~bpo13+1 BASE_KVER=7.3.4
	BASE_SUITE=trixie-backports BASE_ARCHIVE=debian
	BASE_TAG=base-v7.3.4-bpo13 SDIR=$TOP ;;
6.12)	BASE_PKG=linux-source-6.12 BASE_PKG_VERSION=6.12.117-1~deb12u1 BASE_KVER=6.12.117
	BASE_SUITE=bookworm-security BASE_ARCHIVE=debian-security
	BASE_TAG=base-v6.12.117-deb12u1 SDIR=$TOP/stable/6.12 ;;
*)	die "unknown BASE=$BASE; known bases: 7.3 (mainline, the default), 6.12 (LTS backport)" ;;
esac
# the package version may be overridden (another 7.3.y): base.sh then warns
: "${BASE_PKG_WANT:=$BASE_PKG_VERSION}"

BC="$CACHE/v$BASE"		# everything of this base
BASETREE="$BC/base"		# pristine git tree, one commit, tag $BASE_TAG
WORK="${WORK:-$BC/work}"	# git worktree: branch "mmseries" = base + git am patches
# O= build directory of the test kernel; variants get their own, so that switching back and forth
# does not rebuild everything
_v=
[ "${KASAN:-}" = 1 ] && _v+=-kasan
[ "${BROKEN:-}" = 1 ] && _v+=-broken
[ -n "${EXTRA_PATCH:-}" ] && _v+=-extra
[ -n "${CONFIG:-}" ] && _v+=-$(basename "${CONFIG%.config}")
BUILD="$BC/build$_v"
OUT="${OUT:-$BC/out}"		# initramfs, logs, results
FRAGS="$SDIR/kconfig-fragments"
LISTDIR="$SDIR/selftests"	# test lists of this base
export CACHE TOP BASE BC BASETREE WORK BUILD OUT
export CCACHE_DIR="${CCACHE_DIR:-$CACHE/ccache}"

T0=${T0:-$(date +%s)}
export T0

elapsed() { local s=$(( $(date +%s) - T0 )); printf '%02d:%02d' $((s / 60)) $((s % 60)); }
# stage NAME STEP/TOTAL: one line per stage so long runs show where they are
stage() { printf '\n==> [%s] %s %s\n' "$(elapsed)" "$1" "${2:+($2)}"; }
info() { printf '    [%s] %s\n' "$(elapsed)" "$*"; }

# series_patches: the patch file names listed in series, in order
series_patches() {
	awk '!/^[[:space:]]*#/ && NF { print $1 }' "$SDIR/series"
}

# check_series: series and patches/ must name the same files
check_series() {
	local p bad=0
	[ -f "$SDIR/series" ] || die "no series file in $SDIR"
	for p in $(series_patches); do
		[ -f "$SDIR/patches/$p" ] || { echo "series lists $p, which is not in patches/" >&2; bad=1; }
	done
	for p in "$SDIR"/patches/*.patch; do
		[ -e "$p" ] || continue
		p=${p##*/}
		series_patches | grep -qxF "$p" || { echo "patches/$p is not listed in series" >&2; bad=1; }
	done
	[ $bad = 0 ] || die "series and patches/ disagree (see above)"
}

# need CMD PACKAGE...: fail clearly if a tool is missing after deps.sh
need() {
	command -v "$1" >/dev/null 2>&1 || die "missing tool '$1' (Debian package: $2); run 'make deps'"
}

# mirror ARCHIVE: the first URI of the machine's apt sources whose path is /ARCHIVE
# (debian, debian-security), and its keyring if the sources name one
mirror() {
	local a=$1 f
	{
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] || continue
			sed -n 's/^deb[[:space:]]\+\(\[\([^]]*\)\][[:space:]]\+\)\?\([^[:space:]]*\).*/\3 \2/p' "$f" |
				sed 's/ .*signed-by=\([^ ]*\).*/ \1/; s/ [^/ ][^ ]*$/ /'
		done
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk 'BEGIN { RS = ""; FS = "\n" }
			     /(^|\n)Types:[^\n]*deb([ \t]|\n|$)/ {
				u = k = ""
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^URIs:/) { u = $i; sub(/^URIs:[ \t]*/, "", u); sub(/[ \t].*/, "", u) }
					if ($i ~ /^Signed-By:[ \t]*\//) { k = $i; sub(/^Signed-By:[ \t]*/, "", k) }
				}
				if (u != "") print u, k
			     }' "$f"
		done
	} | awk -v a="$a" '{ u = $1; sub(/\/+$/, "", u) } u ~ ("/" a "$") { print u, $2; exit }'
}

# priv_apt SUITE ARCHIVE [deb-src]: private apt state for one suite of the machine's own Debian
# mirror under $CACHE/apt/SUITE (the system's sources and packages are not touched), its package
# index fetched; sets APT (options for apt-get/apt-cache), APT_URI and APT_STATE.
priv_apt() {
	local suite=$1 archive=$2 src=${3:-} uri key st
	read -r uri key <<< "$(mirror "$archive")" || true
	if [ -z "${uri:-}" ] && [ "$archive" = debian-security ]; then
		read -r uri key <<< "$(mirror debian)" || true
		[ -n "${uri:-}" ] && uri=${uri%/debian}/debian-security &&
			warn "no debian-security archive in the apt sources; trying $uri"
	fi
	[ -n "${uri:-}" ] || die "no Debian mirror for the '$archive' archive in /etc/apt/sources.list{,.d/}"
	[ -n "${key:-}" ] || key=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -r "$key" ] || die "apt keyring $key not found (Debian package debian-archive-keyring)"
	st="$CACHE/apt/$suite"
	mkdir -p "$st/lists/partial" "$st/cache/archives/partial"
	echo "deb [signed-by=$key] $uri $suite main" > "$st/sources.list"
	[ -n "$src" ] && echo "deb-src [signed-by=$key] $uri $suite main" >> "$st/sources.list"
	APT=(-o "Dir::Etc::SourceList=$st/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$st/lists" -o "Dir::Cache=$st/cache" -o APT::Sandbox::User=root
		-o Debug::NoLocking=1)
	APT_URI=$uri APT_STATE=$st
	info "package index of $suite from $uri (private apt state: $st)" >&2
	apt-get "${APT[@]}" -q update > "$st/update.log" 2>&1 ||
		{ tail -n 5 "$st/update.log" >&2; die "apt-get update of suite $suite from $uri failed (log: $st/update.log)"; }
}
