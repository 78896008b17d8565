#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cross.sh: build a few kernel objects for other architectures, so that every branch of
# per-architecture code (e.g. the vm_normal_page*() rule with and without pte_special())
# compiles. Objects only, after "make prepare": never a full cross kernel build.
#
# usage: scripts/cross.sh [OBJ...]        (default: $CROSS_OBJS, see below)
#   SRC=dir          kernel source tree (default: $WORK, the series worktree)
#   CROSS_OUT=dir    where the O= build directories go (default: $CACHE/cross/<target>)
#   CROSS_TARGETS    which configurations (default: all four below)
#   CROSS_ENABLE     Kconfig symbols switched on in every configuration
#   JOBS             make -j (default 2; the machine is shared)
#
# targets:
#   arm64-4k     arm64 defconfig, 4K pages: pte/pmd_special(), no PUD THP
#   arm64-64k    arm64 defconfig + ARM64_64K_PAGES: pte/pmd_special(), 512M PMDs
#   arm-v5       32-bit ARM multi_v5_defconfig: no ARCH_HAS_PTE_SPECIAL, no huge leaves
#   arm-lpae     32-bit ARM multi_v7_defconfig + LPAE + THP: pte_special() but no
#                pmd_special() (the per-level fallback)
# Each configuration is checked after olddefconfig: the script fails if the property it
# exists for (e.g. "ARCH_HAS_PTE_SPECIAL unset") does not hold.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=${SRC:-$WORK}
CROSS_OUT=${CROSS_OUT:-$CACHE/cross}
CROSS_TARGETS=${CROSS_TARGETS:-arm64-4k arm64-64k arm-v5 arm-lpae}
CROSS_ENABLE=${CROSS_ENABLE:-DEBUG_VM TRANSPARENT_HUGEPAGE DEBUG_FS RUNTIME_TESTING_MENU TEST_MIXEDMAP ZONE_DEVICE FS_DAX}
CROSS_OBJS=${CROSS_OBJS:-mm/memory.o mm/huge_memory.o mm/pagewalk.o mm/gup.o mm/rmap.o mm/khugepaged.o fs/dax.o drivers/xen/gntdev.o lib/test_mixedmap.o}
JOBS=${JOBS:-2}
objs=("$@")
[ ${#objs[@]} -gt 0 ] || read -r -a objs <<< "$CROSS_OBJS"

[ -f "$SRC/Makefile" ] || die "no kernel tree at SRC=$SRC"
CC_PREFIX=""
command -v ccache >/dev/null 2>&1 && CC_PREFIX="ccache "

# target NAME -> ARCH CROSS_COMPILE DEFCONFIG EXTRA-SYMBOLS CHECKS
# CHECKS: "SYM=y" must be set, "SYM=n" must be unset after olddefconfig
target_def() {
	case $1 in
	arm64-4k) echo "arm64 aarch64-linux-gnu- defconfig ARM64_4K_PAGES ARCH_HAS_PTE_SPECIAL=y,ARCH_SUPPORTS_PMD_PFNMAP=y,ARM64_4K_PAGES=y" ;;
	arm64-64k) echo "arm64 aarch64-linux-gnu- defconfig ARM64_64K_PAGES ARCH_HAS_PTE_SPECIAL=y,ARCH_SUPPORTS_PMD_PFNMAP=y,ARM64_64K_PAGES=y" ;;
	arm-v5) echo "arm arm-linux-gnueabi- multi_v5_defconfig - ARCH_HAS_PTE_SPECIAL=n,ARM_LPAE=n" ;;
	arm-lpae) echo "arm arm-linux-gnueabi- multi_v7_defconfig ARM_LPAE ARCH_HAS_PTE_SPECIAL=y,ARCH_SUPPORTS_PMD_PFNMAP=n,TRANSPARENT_HUGEPAGE=y" ;;
	*) die "unknown cross target '$1' (known: arm64-4k arm64-64k arm-v5 arm-lpae)" ;;
	esac
}

check_config() {	# DOTCONFIG CHECKS
	local c sym want
	for c in ${2//,/ }; do
		sym=${c%=*} want=${c#*=}
		if [ "$want" = y ]; then
			grep -q "^CONFIG_$sym=y" "$1" || die "$1: CONFIG_$sym is not set, the target is pointless"
		else
			! grep -q "^CONFIG_$sym=y" "$1" || die "$1: CONFIG_$sym is set, the target is pointless"
		fi
	done
}

# obj_enabled DOTCONFIG OBJ: false if the directory Makefile builds OBJ only under a
# CONFIG_ symbol that this configuration does not set (e.g. huge_memory.o without THP).
# Follows one level of composite objects (xen-gntdev-y := gntdev.o).
obj_sym() {	# MAKEFILE BASE.o -> the CONFIG_ symbol guarding it, if any
	grep -E "^obj-\\\$\(CONFIG_[A-Z0-9_]+\)[[:space:]]*[+:]?=.*[[:space:]]${2//./\\.}([[:space:]]|\$)" "$1" 2>/dev/null |
		head -n 1 | sed -E 's/^obj-\$\(CONFIG_([A-Z0-9_]+)\).*/\1/'
}
obj_enabled() {
	local mf="$SRC/${2%/*}/Makefile" base=${2##*/} sym comp
	sym=$(obj_sym "$mf" "$base")
	if [ -z "$sym" ]; then
		comp=$(grep -oE "^[a-z0-9_-]+-(y|objs)[[:space:]]*[+:]?=.*[[:space:]]${base//./\\.}([[:space:]]|\$)" "$mf" 2>/dev/null |
			head -n 1 | sed -E 's/-(y|objs)[[:space:]]*[+:]?=.*//')
		[ -z "$comp" ] || sym=$(obj_sym "$mf" "$comp.o")
	fi
	[ -z "$sym" ] || grep -qE "^CONFIG_$sym=[ym]" "$1"
}

rc=0
for t in $CROSS_TARGETS; do
	read -r arch cross defcfg extra checks <<< "$(target_def "$t")"
	need "${cross}gcc" "gcc-${cross%-}"
	out="$CROSS_OUT/$t"
	mk=(nice -n 19 make -C "$SRC" O="$out" ARCH="$arch" CROSS_COMPILE="$cross")
	stage "cross $t" "ARCH=$arch $defcfg, O=$out"
	mkdir -p "$out"
	if [ ! -f "$out/.config" ]; then
		info "configuring: $defcfg + ${extra#-} + $CROSS_ENABLE"
		"${mk[@]}" -s "$defcfg" > "$out/config.log" 2>&1 || die "$t: $defcfg failed, see $out/config.log"
	fi
	# every run: a build of an older commit may have dropped a symbol it did not know
	for s in ${extra#-} $CROSS_ENABLE; do
		"$SRC/scripts/config" --file "$out/.config" --enable "$s"
	done
	"${mk[@]}" -s olddefconfig >> "$out/config.log" 2>&1 || die "$t: olddefconfig failed, see $out/config.log"
	check_config "$out/.config" "$checks"
	info "make prepare (log: $out/prepare.log)"
	"${mk[@]}" -j"$JOBS" prepare > "$out/prepare.log" 2>&1 || die "$t: make prepare failed, see $out/prepare.log"
	build=()
	for o in "${objs[@]}"; do
		if obj_enabled "$out/.config" "$o"; then build+=("$o"); else info "skipping $o: not configured for $t"; fi
	done
	[ ${#build[@]} -gt 0 ] || { warn "$t: nothing to build"; continue; }
	info "building ${build[*]}"
	if "${mk[@]}" CC="${CC_PREFIX}${cross}gcc" -j"$JOBS" "${build[@]}" > "$out/objs.log" 2>&1; then
		w=$(grep -c 'warning:' "$out/objs.log" || true)
		if [ "$w" = 0 ]; then
			info "$t: OK, no warnings"
		else
			warn "$t: $w warnings (see $out/objs.log):"
			grep 'warning:' "$out/objs.log" | sort -u | head -n 20 >&2
			rc=1
		fi
	else
		echo "ERROR: $t: build failed:" >&2
		grep -E 'error:|Error [0-9]' "$out/objs.log" | head -n 20 | sed 's/^/  /' >&2
		rc=1
	fi
done
[ $rc = 0 ] && info "cross builds clean: $CROSS_TARGETS" || warn "cross builds: failures above"
exit $rc
