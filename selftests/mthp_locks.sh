#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mthp_locks.sh [SECONDS]: does khugepaged take mmap_lock for writing when it collapses
# anonymous memory into mTHPs? Counts, with the mmap_lock tracepoints, the write acquisitions of
# mmap_lock by khugepaged while mthp_bench keeps it collapsing 64 KiB folios (PMD size off, so
# khugepaged has nothing else to do that could take the lock for writing), and the collapses.
# Mainline 7.3 write-locks once per collapse; with the series the count must be 0.
# Needs a kernel with tracing (kconfig-fragments/optional/trace.config): skips (exit 4) without.
# Run in the guest: make run CONFIG=kconfig-fragments/optional/trace.config ONLY=mthp_locks
secs=${1:-4}
t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null
ev=$t/events/mmap_lock/mmap_lock_acquire_returned
if [ ! -d "$ev" ]; then
	echo "# SKIP: no mmap_lock tracepoints (kernel without CONFIG_TRACING)"
	exit 4
fi
khd=$(pgrep -x khugepaged)
[ -n "$khd" ] || { echo "# SKIP: no khugepaged thread"; exit 4; }

echo 0 > $t/tracing_on
echo > $t/trace
echo 16384 > $t/buffer_size_kb
echo "write == 1 && success == 1 && common_pid == $khd" > "$ev/filter"
echo 1 > "$ev/enable"
col=$t/events/huge_memory/mm_collapse_huge_page
[ -d $col ] && echo "common_pid == $khd" > $col/filter && echo 1 > $col/enable
pc=/sys/kernel/mm/transparent_hugepage/khugepaged/pages_collapsed
st=/sys/kernel/mm/transparent_hugepage/hugepages-64kB/stats/split
c0=$(cat $pc) s0=$(cat $st 2>/dev/null || echo 0)
echo 1 > $t/tracing_on
mthp_bench -m 16 -o 64 -s "$secs" -r 1 > /tmp/mthp_locks.out 2>&1
rc=$?
echo 0 > $t/tracing_on
echo 0 > "$ev/enable"
[ -d $col ] && echo 0 > $col/enable
grep -E '^(bench:|# probe|same-VMA)' /tmp/mthp_locks.out
if [ $rc = 4 ]; then
	echo "# SKIP: mthp_bench skipped: $(tail -n 1 /tmp/mthp_locks.out)"
	exit 4
fi
[ $rc = 0 ] || { tail -n 20 /tmp/mthp_locks.out; echo "# mthp_bench failed ($rc)"; exit 1; }

writes=$(grep -c 'mmap_lock_acquire_returned' $t/trace)
collapses=$(grep -c 'mm_collapse_huge_page' $t/trace)
ok=$(grep 'mm_collapse_huge_page' $t/trace | grep -c 'status=succeeded')
splits=$(( $(cat $st 2>/dev/null || echo 0) - s0 ))
echo "# khugepaged pid $khd: $writes mmap_lock write acquisitions;" \
	"$collapses collapse attempts traced, $ok succeeded; pages_collapsed +$(( $(cat $pc) - c0 ));" \
	"64 kB folios split +$splits"
grep 'mm_collapse_huge_page' $t/trace | tail -n 3 | sed 's/^ */# /'
if [ "$ok" = 0 ] && [ "$splits" = 0 ]; then
	echo "# SKIP: khugepaged collapsed nothing"
	exit 4
fi
if [ "$writes" != 0 ]; then
	echo "not ok: khugepaged took mmap_lock for writing $writes times for mTHP collapses"
	exit 1
fi
echo "ok: no mmap_lock write acquisition by khugepaged for mTHP collapses"
exit 0
