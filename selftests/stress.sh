#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# stress.sh stress-ng|trinity SECONDS: bounded stress of the mm with khugepaged collapsing
# without pause (scan_sleep_millisecs=0, alloc_sleep_millisecs=0, 4096 pages per scan, THP
# "always" so every anon VMA is a candidate, the 64 kB and 512 kB mTHP sizes "inherit"). Run in the guest by "make stress"; the host scans
# the console for splats. Fails if the kernel becomes tainted or the stressors report a failure.
what=${1:-stress-ng}
secs=${2:-120}
thp=/sys/kernel/mm/transparent_hugepage
khd=$thp/khugepaged

echo always > $thp/enabled
echo madvise > $thp/defrag
echo 0 > $khd/scan_sleep_millisecs
echo 0 > $khd/alloc_sleep_millisecs
echo 4096 > $khd/pages_to_scan
# mTHP sizes (kernels that have them): khugepaged collapses into these orders too
mthp=""
for kb in 64 512; do
	[ -w $thp/hugepages-${kb}kB/enabled ] || continue
	echo inherit > $thp/hugepages-${kb}kB/enabled && mthp="$mthp ${kb}kB"
done
# collapse_alloc of every mTHP size
mthp_coll() { cat $thp/hugepages-*kB/stats/collapse_alloc 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
m0=$(mthp_coll)
taint0=$(cat /proc/sys/kernel/tainted)
full0=$(cat $khd/full_scans)
vm() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
c0=$(vm thp_collapse_alloc) l0=$(vm thp_collapse_lockheld)
echo "# $what for ${secs}s, khugepaged: $(cat $khd/scan_sleep_millisecs) ms sleep," \
	"$(cat $khd/pages_to_scan) pages/scan, THP $(cat $thp/enabled), mTHP:${mthp:- none}"

cd /tmp || exit 1
case $what in
stress-ng)
	# every stressor of stress-ng's vm class that exercises anon memory, page tables,
	# fork, userfaultfd or THP, one instance each, all at once
	stress-ng --timeout "${secs}s" --metrics-brief --verify \
		--vm 2 --vm-bytes 256M --vm-method all \
		--mmap 1 --mmap-bytes 64M --mmapfork 1 --mmaphuge 1 --mmapmany 1 \
		--madvise 1 --mremap 1 --mremap-bytes 64M --mprotect 1 --mlock 1 \
		--brk 1 --stack 1 --pagemove 1 --userfaultfd 1 --userfaultfd-bytes 64M \
		--vm-rw 1 --vm-splice 1 --msync 1 --fork 1 --remap 1 --mincore 1
	rc=$?
	# 0: all passed; 3: a stressor could not get a resource (ENOMEM under TCG limits)
	[ $rc = 3 ] && { echo "# stress-ng: some stressors lacked resources (rc 3)"; rc=0; }
	;;
trinity)
	# the vm syscall group only, as user nobody, in a scratch directory
	mkdir -p /tmp/trinity && chmod 777 /tmp/trinity && cd /tmp/trinity || exit 1
	timeout -s KILL "$secs" trinity --dropprivs -q -g vm -C 2 -l off \
		--disable-fds=sockets,perf,drm,pseudo
	rc=$?
	# killed at the time bound (137) is the normal end
	[ $rc = 137 ] && rc=0
	pkill -9 trinity 2>/dev/null
	;;
*)
	echo "usage: stress.sh stress-ng|trinity SECONDS" >&2
	exit 2
	;;
esac

taint1=$(cat /proc/sys/kernel/tainted)
c1=$(vm thp_collapse_alloc) l1=$(vm thp_collapse_lockheld)
lh="no counter"
[ -n "$l0" ] && lh=$((l1 - l0))
echo "# khugepaged full scans: $(( $(cat $khd/full_scans) - full0 )), collapses: $((c1 - c0))" \
	"(lock-held: $lh), mTHP collapse allocations: $(( $(mthp_coll) - m0 ))"
if [ "$taint1" != "$taint0" ]; then
	echo "not ok: kernel tainted during $what ($taint0 -> $taint1)"
	exit 1
fi
[ $rc = 0 ] || { echo "not ok: $what exited with $rc"; exit 1; }
echo "ok: $what ${secs}s, no taint"
