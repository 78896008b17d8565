#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cross.sh: build kernel objects for every other architecture with THP whose cross compiler
# Debian ships, so that every branch of per-architecture code compiles. Objects only, after
# "make prepare": never a full cross kernel build.
#
# usage: scripts/cross.sh [series | OBJ...]
#   series           the objects of every kernel .c file the series touches, plus the core mm
#                    objects that include the headers it touches (default)
#   SRC=dir          kernel source tree (default: $WORK, the series worktree)
#   CROSS_OUT=dir    where the O= build directories go (default: $BC/cross/<target>)
#   CROSS_TARGETS    which configurations (default: all below)
#   CROSS_ENABLE     Kconfig symbols switched on in every configuration (if they exist)
#   JOBS             make -j (default 2; the machine is shared)
#
# targets:
#   arm64-4k, arm64-16k, arm64-64k   arm64 defconfig with each page size (64K: 512M PMDs)
#   arm-v5       32-bit ARM multi_v5_defconfig: no ARCH_HAS_PTE_SPECIAL, no huge leaves
#   arm-lpae     32-bit ARM multi_v7_defconfig + LPAE + THP: pte_special() but no pmd_special()
#   ppc64le-radix, ppc64le-hash      ppc64le_defconfig with only the radix / only the hash MMU
#   s390x        defconfig (IDTE, its own pmdp_invalidate/pmdp_collapse_flush)
#   riscv64      defconfig (sfence.vma: leaf-only flushes by address)
#   sparc64      sparc64_defconfig (__HAVE_ARCH_PMDP_INVALIDATE, no pmd_mkinvalid())
#   mips64el     loongson3_defconfig (64-bit MIPS with THP; 16K pages: the PMD order is 11,
#                so MAX_PAGE_ORDER must be 11, which the defconfig fixes at 10 before THP is on)
# Each configuration is checked after olddefconfig: the script fails if the property it
# exists for (e.g. "ARCH_HAS_PTE_SPECIAL unset") does not hold.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SRC=${SRC:-$WORK}
CROSS_OUT=${CROSS_OUT:-$BC/cross}
ALL_TARGETS="arm64-4k arm64-16k arm64-64k arm-v5 arm-lpae ppc64le-radix ppc64le-hash s390x riscv64 sparc64 mips64el"
CROSS_TARGETS=${CROSS_TARGETS:-$ALL_TARGETS}
CROSS_ENABLE=${CROSS_ENABLE:-DEBUG_VM TRANSPARENT_HUGEPAGE HUGETLBFS USERFAULTFD MIGRATION DEBUG_FS RUNTIME_TESTING_MENU TEST_MIXEDMAP}
# the objects that include the headers the series touches (mm.h, rmap.h, pgtable.h, ...)
CORE_OBJS="mm/memory.o mm/huge_memory.o mm/gup.o mm/pagewalk.o mm/rmap.o mm/khugepaged.o mm/migrate.o mm/userfaultfd.o mm/hugetlb.o mm/pgtable-generic.o"
JOBS=${JOBS:-2}
objs=("$@")
if [ ${#objs[@]} = 0 ] || [ "${objs[0]}" = series ]; then
	objs=($CORE_OBJS)
	if git -C "$SRC" rev-parse -q --verify mmseries >/dev/null 2>&1; then
		for f in $(git -C "$SRC" diff --name-only "$BASE_TAG" mmseries -- '*.c'); do
			case "$f" in tools/*|scripts/*|samples/*|Documentation/*) continue ;; esac
			case " ${objs[*]} " in *" ${f%.c}.o "*) ;; *) objs+=("${f%.c}.o") ;; esac
		done
	fi
fi

[ -f "$SRC/Makefile" ] || die "no kernel tree at SRC=$SRC"
CC_PREFIX=""
command -v ccache >/dev/null 2>&1 && CC_PREFIX="ccache "

# target NAME -> ARCH CROSS_COMPILE DEFCONFIG EXTRA-SYMBOLS CHECKS
# CHECKS: "SYM=y" must be set, "SYM=n" must be unset after olddefconfig
target_def() {
	case $1 in
	arm64-4k) echo "arm64 aarch64-linux-gnu- defconfig ARM64_4K_PAGES ARCH_HAS_PTE_SPECIAL=y,TRANSPARENT_HUGEPAGE=y,ARM64_4K_PAGES=y" ;;
	arm64-16k) echo "arm64 aarch64-linux-gnu- defconfig ARM64_16K_PAGES TRANSPARENT_HUGEPAGE=y,ARM64_16K_PAGES=y" ;;
	arm64-64k) echo "arm64 aarch64-linux-gnu- defconfig ARM64_64K_PAGES TRANSPARENT_HUGEPAGE=y,ARM64_64K_PAGES=y" ;;
	arm-v5) echo "arm arm-linux-gnueabi- multi_v5_defconfig - ARCH_HAS_PTE_SPECIAL=n,ARM_LPAE=n" ;;
	arm-lpae) echo "arm arm-linux-gnueabi- multi_v7_defconfig ARM_LPAE ARCH_HAS_PTE_SPECIAL=y,TRANSPARENT_HUGEPAGE=y" ;;
	ppc64le-radix) echo "powerpc powerpc64le-linux-gnu- ppc64le_defconfig -KVM_BOOK3S_64,-PPC_64S_HASH_MMU,POWER9_CPU PPC_RADIX_MMU=y,PPC_64S_HASH_MMU=n,TRANSPARENT_HUGEPAGE=y" ;;
	ppc64le-hash) echo "powerpc powerpc64le-linux-gnu- ppc64le_defconfig -PPC_RADIX_MMU PPC_64S_HASH_MMU=y,PPC_RADIX_MMU=n,TRANSPARENT_HUGEPAGE=y" ;;
	s390x) echo "s390 s390x-linux-gnu- defconfig - TRANSPARENT_HUGEPAGE=y" ;;
	riscv64) echo "riscv riscv64-linux-gnu- defconfig - 64BIT=y,TRANSPARENT_HUGEPAGE=y" ;;
	sparc64) echo "sparc sparc64-linux-gnu- sparc64_defconfig - 64BIT=y,TRANSPARENT_HUGEPAGE=y" ;;
	mips64el) echo "mips mips64el-linux-gnuabi64- loongson3_defconfig ARCH_FORCE_MAX_ORDER=11 64BIT=y,TRANSPARENT_HUGEPAGE=y" ;;
	*) die "unknown cross target '$1' (known: $ALL_TARGETS)" ;;
	esac
}

check_config() {	# DOTCONFIG CHECKS
	local c sym want
	for c in ${2//,/ }; do
		sym=${c%=*} want=${c#*=}
		if [ "$want" = y ]; then
			grep -q "^CONFIG_$sym=y" "$1" || { echo "$1: CONFIG_$sym is not set, the target is pointless"; return 1; }
		else
			! grep -q "^CONFIG_$sym=y" "$1" || { echo "$1: CONFIG_$sym is set, the target is pointless"; return 1; }
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

# configure TREE OUT: OUT configured for target $t: the defconfig once, then (every run: a build
# of an older commit may have dropped a symbol it did not know) the extra symbols, olddefconfig
# and the property checks
configure() {
	local tree=$1 out=$2 s
	local mk=(nice -n 19 make -s -C "$tree" O="$out" ARCH="$arch" CROSS_COMPILE="$cross")
	mkdir -p "$out"
	if [ ! -f "$out/.config" ]; then
		info "configuring: $defcfg + $extra + $CROSS_ENABLE"
		"${mk[@]}" "$defcfg" > "$out/config.log" 2>&1 || { echo "$defcfg failed, see $out/config.log"; return 1; }
	fi
	for s in ${extra//,/ } $CROSS_ENABLE; do
		case $s in
		-) ;;
		-*) "$tree/scripts/config" --file "$out/.config" --disable "${s#-}" ;;
		*=*) "$tree/scripts/config" --file "$out/.config" --set-val "${s%%=*}" "${s#*=}" ;;
		*) "$tree/scripts/config" --file "$out/.config" --enable "$s" ;;
		esac
	done
	"${mk[@]}" olddefconfig >> "$out/config.log" 2>&1 || { echo "olddefconfig failed, see $out/config.log"; return 1; }
	check_config "$out/.config" "$checks"
}

# build_objs TREE OUT OBJ...: prepare and build the objects; the warnings go to OUT/warnings
# (file and message, no line numbers). Returns 2 when prepare fails, 1 when an object does not.
build_objs() {
	local tree=$1 out=$2
	shift 2
	local mk=(nice -n 19 make -C "$tree" O="$out" ARCH="$arch" CROSS_COMPILE="$cross")
	info "make prepare (log: $out/prepare.log)"
	"${mk[@]}" -j"$JOBS" prepare > "$out/prepare.log" 2>&1 || { echo "make prepare failed, see $out/prepare.log"; return 2; }
	info "building $*"
	local ok=0
	"${mk[@]}" CC="${CC_PREFIX}${cross}gcc" -j"$JOBS" "$@" > "$out/objs.log" 2>&1 || ok=1
	grep -E 'warning:' "$out/objs.log" | sed -E "s|^$tree/||; s/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/" | sort -u > "$out/warnings"
	return $ok
}

rc=0
for t in $CROSS_TARGETS; do
	read -r arch cross defcfg extra checks <<< "$(target_def "$t")"
	need "${cross}gcc" "gcc-${cross%-}"
	out="$CROSS_OUT/$t"
	stage "cross $t" "ARCH=$arch $defcfg, O=$out"
	mkdir -p "$out"
	msg=$(configure "$SRC" "$out") || { echo "not ok cross $t: $msg"; rc=1; continue; }
	build=()
	for o in "${objs[@]}"; do
		[ -f "$SRC/${o%.o}.c" ] || continue
		if obj_enabled "$out/.config" "$o"; then build+=("$o"); else info "skipping $o: not configured for $t"; fi
	done
	[ ${#build[@]} -gt 0 ] || { echo "ok cross $t # SKIP nothing to build"; continue; }
	brc=0
	msg=$(build_objs "$SRC" "$out" "${build[@]}") || brc=$?
	if [ $brc = 2 ]; then
		echo "not ok cross $t: $msg"; rc=1; continue
	elif [ $brc != 0 ]; then
		echo "not ok cross $t: build failed:"
		grep -E 'error:|Error [0-9]' "$out/objs.log" | head -n 20 | sed 's/^/    /'
		rc=1; continue
	fi
	new=$(cat "$out/warnings")
	if [ -n "$new" ] && [ "$SRC" != "$BASETREE" ]; then
		# warnings: only those the base does not have count (built once, in a base worktree)
		bt="$BC/cross-base"
		if [ ! -e "$bt/.git" ]; then
			git -C "$BASETREE" worktree prune
			git -C "$BASETREE" worktree add -q --detach "$bt" "$BASE_TAG"
		fi
		info "$(echo "$new" | wc -l) warnings: building the same objects on the base to compare"
		configure "$bt" "$out-base" > /dev/null && build_objs "$bt" "$out-base" "${build[@]}" > /dev/null || true
		new=$(comm -23 "$out/warnings" "$out-base/warnings")
	fi
	if [ -z "$new" ]; then
		echo "ok cross $t: ${build[*]}"
	else
		echo "not ok cross $t: new warnings:"
		echo "$new" | head -n 20 | sed 's/^/    /'
		rc=1
	fi
done
[ $rc = 0 ] && info "cross builds clean: $CROSS_TARGETS" || warn "cross builds: failures above"
exit $rc
