# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the workbench scripts: configuration, progress, errors.
# Sourced, never run.

: "${CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/mmseries}"
: "${BASE_PKG:=linux-source-6.12}"
: "${BASE_PKG_VERSION:=6.12.117-1~deb12u1}"
: "${BASE_KVER:=6.12.117}"
: "${BASE_TAG:=base-v6.12.117-deb12u1}"
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE="$CACHE/base"	# pristine git tree, one commit, tag $BASE_TAG
WORK="${WORK:-$CACHE/work}"	# git worktree: branch "mmseries" = base + git am patches (selftest.sh points it elsewhere)
# O= build directory of the test kernel; variants get their own, so that switching back and forth
# does not rebuild everything
_v=
[ "${KASAN:-}" = 1 ] && _v+=-kasan
[ "${BROKEN:-}" = 1 ] && _v+=-broken
[ -n "${EXTRA_PATCH:-}" ] && _v+=-extra
[ -n "${CONFIG:-}" ] && _v+=-$(basename "${CONFIG%.config}")
BUILD="$CACHE/build$_v"
OUT="$CACHE/out"	# initramfs, logs, results
export CACHE TOP BASE WORK BUILD OUT
export CCACHE_DIR="${CCACHE_DIR:-$CACHE/ccache}"

T0=${T0:-$(date +%s)}
export T0

elapsed() { local s=$(( $(date +%s) - T0 )); printf '%02d:%02d' $((s / 60)) $((s % 60)); }
# stage NAME STEP/TOTAL: one line per stage so long runs show where they are
stage() { printf '\n==> [%s] %s %s\n' "$(elapsed)" "$1" "${2:+($2)}"; }
info() { printf '    [%s] %s\n' "$(elapsed)" "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# series_patches: the patch file names listed in series, in order
series_patches() {
	grep -v '^[[:space:]]*#' "$TOP/series" | awk 'NF { print $1 }'
}

# check_series: series and patches/ must name the same files
check_series() {
	local p bad=0
	[ -f "$TOP/series" ] || die "no series file in $TOP"
	for p in $(series_patches); do
		[ -f "$TOP/patches/$p" ] || { echo "series lists $p, which is not in patches/" >&2; bad=1; }
	done
	for p in "$TOP"/patches/*.patch; do
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
