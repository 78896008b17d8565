#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# config.sh SRC BUILDDIR [EXTRA.config...]: x86_64 tinyconfig + the tree's own
# tools/testing/selftests/mm/config (mainline base; its =m options are left out: the guest loads
# no modules) + kconfig-fragments/*.config of the base (+ optional/kasan.config when KASAN=1,
# + extra fragments), merged with the tree's own merge_config.sh, then olddefconfig. Warns about
# every requested option that did not survive.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
src=$1 build=$2
shift 2
frags=()
mkdir -p "$build"
ksft="$src/tools/testing/selftests/mm/config"
if [ "$BASE" != 6.12 ] && [ -f "$ksft" ]; then
	# left out: modules (the guest loads none), and DEVICE_PRIVATE, which only the hmm
	# category (its test_hmm.ko) needs and which would pull in memory hot(un)plug
	grep -v -e '=m$' -e '^CONFIG_DEVICE_PRIVATE=' "$ksft" > "$build/.ksft-mm.config"
	frags+=("$build/.ksft-mm.config")
fi
frags+=("$FRAGS"/*.config)
[ "${KASAN:-0}" = 1 ] && frags+=("$FRAGS/optional/kasan.config")
if [ "${BROKEN:-0}" = 1 ]; then
	[ -f "$FRAGS/optional/broken-none-pmd.config" ] || die "BROKEN=1: base $BASE has no broken variant fragment"
	frags+=("$FRAGS/optional/broken-none-pmd.config")
fi
for f in "$@"; do
	[ -f "$f" ] || die "kconfig fragment $f not found"
	frags+=("$(realpath "$f")")
done
old=$(mktemp)
trap 'rm -f "$old"' EXIT
[ -f "$build/.config" ] && cp -p "$build/.config" "$old"
make -s -C "$src" O="$build" ARCH=x86_64 tinyconfig >/dev/null
(cd "$build" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" -m -O "$build" \
	.config "${frags[@]}" >/dev/null)
make -s -C "$src" O="$build" ARCH=x86_64 olddefconfig >/dev/null
lost=0
for f in "${frags[@]}"; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n) opt=${line%%=*}
			grep -q "^$opt=" "$build/.config" && { warn "$opt=n requested by ${f##*/} but set"; lost=1; } ;;
		CONFIG_*=*) grep -qxF "$line" "$build/.config" ||
			{ warn "${line} requested by ${f##*/} did not survive olddefconfig" \
				"(now: $(grep -E "^(# )?${line%%=*}[= ]" "$build/.config" || echo unset))"; lost=1; } ;;
		esac
	done < "$f"
done
[ $lost = 0 ] && info "config: all ${#frags[@]} fragments applied" || warn "config: some options did not survive (see above)"
# Keep the old .config (and its timestamp) when nothing changed, so make does not rebuild.
if [ -s "$old" ] && cmp -s "$old" "$build/.config"; then
	cp -p "$old" "$build/.config"
fi
exit 0
