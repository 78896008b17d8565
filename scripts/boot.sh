#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# boot.sh KERNEL INITRAMFS: boot the test guest under QEMU, stream progress, stop a hung guest,
# print the result table and every kernel splat. Writes $OUT/results.tsv (name result secs
# subtests-pass subtests-fail subtests-skip reason). Exit 0 only when nothing failed and the
# console is clean.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
kernel=$1 initrd=$2
need qemu-system-x86_64 qemu-system-x86
MEM=${MEM:-4G}
SMP=${SMP:-2}
HUGEPAGES=${HUGEPAGES:-128}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-180}	# seconds until the guest must have reported "boot"
GUEST_TIMEOUT=${GUEST_TIMEOUT:-5400}	# whole run
SLACK=${SLACK:-120}			# a test may overrun its own timeout by this much
# the lists' timeouts are for the normal kernel; KASAN makes everything ~3x slower
TSCALE=${TSCALE:-$([ "${KASAN:-}" = 1 ] && echo 3 || echo 1)}
log="$OUT/console.log" res="$OUT/results.log" tsv="$OUT/results.tsv"
cmdline="console=ttyS0 panic=-1 nokaslr brd.rd_nr=1 brd.rd_size=524288"
cmdline+=" mmseries.hugepages=$HUGEPAGES mmseries.usertimeout=${USER_TIMEOUT:-600}"
# A test named here runs a second time if it fails (not if it times out); the table then says
# "flaky". 6.12: uffd-unit-tests, whose shmem cases map a memfd at a fixed hint address (1 GiB)
# and fail when the hint is not honoured, which happened once in ~30 boots (11/2026) before
# any mm activity of the series; see stable/6.12/workbench.rst. Mainline: the thp category,
# only when khugepaged's collapse_max_ptes_swap is its one failed subtest: it failed once at its
# MADV_PAGEOUT step, before any collapse (Documentation/workbench.rst, "Flaky").
# NAME:SUBTEST retries NAME only when SUBTEST alone failed; RETRY=none turns retries off.
RETRY=${RETRY:-$([ "$BASE" = 6.12 ] && echo uffd-unit-tests || echo thp:collapse_max_ptes_swap)}
cmdline+=" mmseries.tscale=$TSCALE mmseries.retry=$RETRY ${APPEND:-}"

# NUMA=N nodes (default 2, as mm CI runs the guest): memory split evenly, vCPUs round-robin,
# one socket per vCPU so that no cache is shared across nodes (the kernel warns otherwise)
NUMA=${NUMA:-2}
smp=$SMP
[ "$NUMA" -gt 1 ] && smp="$SMP,sockets=$SMP,cores=1,threads=1"
numa=()
if [ "$NUMA" -gt 1 ]; then
	case $MEM in	# QEMU's -m: a plain number is MiB
	*[!0-9]*) mib=$(( $(numfmt --from=iec "${MEM%B}") / 1048576 / NUMA )) ;;
	*) mib=$(( MEM / NUMA )) ;;
	esac
	for n in $(seq 0 $((NUMA - 1))); do
		cpus=$(seq "$n" "$NUMA" $((SMP - 1)) | sed 's/^/,cpus=/' | tr -d '\n')
		numa+=(-object "memory-backend-ram,id=m$n,size=${mib}M" -numa "node,nodeid=$n${cpus},memdev=m$n")
	done
fi

qemu() { # qemu ACCEL CMDLINE-EXTRA
	local accel=$1 cpu=max
	[ "${accel%%,*}" = kvm ] && cpu=host
	qemu-system-x86_64 -machine q35 -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$MEM" "${numa[@]}" \
		-kernel "$kernel" -initrd "$initrd" -append "$cmdline $2" \
		-display none -monitor none -no-reboot \
		-serial "file:$log" -serial "file:$res" </dev/null >"$OUT/qemu.log" 2>&1
}

# KVM hangs on some hosts: use it only when a probe boot finishes in time. The answer is kept
# per host kernel and QEMU version ($CACHE/kvm-probe), so the probe runs once per host.
accel=${ACCEL:-}
if [ -z "$accel" ]; then
	accel="tcg,thread=multi"
	key="$(uname -r) $(qemu-system-x86_64 --version | head -n 1)"
	probe="$CACHE/kvm-probe"
	if [ -f "$probe" ] && [ "$(sed -n 1p "$probe")" = "$key" ]; then
		[ "$(sed -n 2p "$probe")" = kvm ] && accel=kvm
		info "KVM probe (cached in $probe): ${accel%%,*}"
	elif [ -w /dev/kvm ]; then
		: > "$res"
		( timeout -s KILL 20 bash -c "$(declare -f qemu); $(declare -p log res kernel initrd cmdline SMP smp MEM OUT numa); qemu kvm mmseries.probe=1" ) 2>/dev/null
		if grep -q 'MMSERIES probe-ok' "$res"; then
			accel=kvm
		else
			info "KVM probe did not finish in 20s: using TCG (set ACCEL=kvm to force; rm $probe to probe again)"
		fi
		printf '%s\n%s\n' "$key" "${accel%%,*}" > "$probe"
	fi
fi
info "booting the guest: accel=$accel smp=$SMP mem=$MEM numa=$NUMA hugepages=$HUGEPAGES"

: > "$log"; : > "$res"; : > "$tsv"
qemu "$accel" "" &
qpid=$!
t_start=$(date +%s) deadline=$(( $(date +%s) + BOOT_TIMEOUT )) seen=0 hung=
declare -A tmo
while read -r name t _; do tmo[$name]=$((t * TSCALE)); done < <(grep -hv '^#' "$LISTDIR"/*.list | awk 'NF')
while kill -0 $qpid 2>/dev/null; do
	sleep 2
	n=$(wc -l < "$res")
	if [ "$n" -gt "$seen" ]; then
		while IFS= read -r line; do
			case "$line" in
			"MMSERIES boot "*) info "guest up: ${line#MMSERIES boot }"
				deadline=$(( $(date +%s) + 600 )) ;;
			"MMSERIES start "*) cur=${line#MMSERIES start }
				t=${tmo[$cur]:-${USER_TIMEOUT:-600}}
				deadline=$(( $(date +%s) + t + SLACK ))
				printf '    [%s] %-28s ' "$(elapsed)" "$cur" ;;
			"MMSERIES retry "*) printf 'failed, retrying (flaky list) ... '
				deadline=$(( $(date +%s) + ${tmo[$cur]:-600} + SLACK )) ;;
			"MMSERIES result "*) IFS='|' read -r nm r s p f k why <<< "${line#MMSERIES result }"
				printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$nm" "$r" "$s" "$p" "$f" "$k" "$why" >> "$tsv"
				[ "$s" = 0 ] && [ "$r" = skip ] && printf '    [%s] %-28s ' "$(elapsed)" "$nm"
				echo "$r (${s}s)${why:+ - $why}"
				deadline=$(( $(date +%s) + 600 )) ;;
			esac
		done < <(sed -n "$((seen + 1)),${n}p" "$res" | tr -d '\r')
		seen=$n
	fi
	now=$(date +%s)
	if [ "$now" -gt "$deadline" ] || [ $((now - t_start)) -gt "$GUEST_TIMEOUT" ]; then
		hung=1
		kill -9 $qpid 2>/dev/null
		break
	fi
done
wait $qpid 2>/dev/null
rc=0
if [ -n "$hung" ]; then
	echo
	echo "GUEST HUNG: no progress in time (last test: ${cur:-none, boot}); killed. Console tail:"
	tail -n 40 "$log" | sed 's/^/  | /'
	[ -n "${cur:-}" ] && printf '%s\tfail\t-\t0\t0\t0\tguest hung (killed)\n' "$cur" >> "$tsv"
	rc=1
elif ! grep -q 'MMSERIES done' "$res"; then
	echo
	echo "GUEST DIED before finishing (last test: ${cur:-none, boot}). Console tail:"
	tail -n 40 "$log" | sed 's/^/  | /'
	[ -n "${cur:-}" ] && printf '%s\tfail\t-\t0\t0\t0\tguest crashed\n' "$cur" >> "$tsv"
	grep -q . "$OUT/qemu.log" && sed 's/^/  qemu: /' "$OUT/qemu.log"
	rc=1
fi

# The output of the user's programs (TEST=), and of every test with SHOW=all (make bench).
awk -v all="${SHOW:-}" '
	/^MMSERIES start / { name = $3; show = (all == "all" || name ~ /^user:/)
		if (show) print "\n---- output of " name ":"; next }
	/^MMSERIES / { show = 0; next }
	show { sub(/^# /, ""); print "  " $0 }' "$res"
"$TOP/scripts/splats.sh" "$log" || rc=1
"$TOP/scripts/table.sh" "$tsv" || rc=1
exit $rc
