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
# "flaky". uffd-unit-tests: its shmem cases map a memfd at a fixed hint address (1 GiB) and fail
# when the hint is not honoured, which happened once in ~30 boots (11/2026) before any mm
# activity of the series; see Documentation/workbench.rst.
RETRY=${RETRY:-uffd-unit-tests}
cmdline+=" mmseries.tscale=$TSCALE mmseries.retry=$RETRY ${APPEND:-}"

qemu() { # qemu ACCEL CMDLINE-EXTRA
	local accel=$1 cpu=max
	[ "${accel%%,*}" = kvm ] && cpu=host
	qemu-system-x86_64 -machine q35 -accel "$accel" -cpu "$cpu" -smp "$SMP" -m "$MEM" \
		-kernel "$kernel" -initrd "$initrd" -append "$cmdline $2" \
		-display none -monitor none -no-reboot \
		-serial "file:$log" -serial "file:$res" </dev/null >"$OUT/qemu.log" 2>&1
}

# KVM hangs on some hosts: use it only when a probe boot finishes in time.
accel=${ACCEL:-}
if [ -z "$accel" ]; then
	accel="tcg,thread=multi"
	if [ -w /dev/kvm ]; then
		: > "$res"
		( timeout -s KILL 20 bash -c "$(declare -f qemu); $(declare -p log res kernel initrd cmdline SMP MEM OUT); qemu kvm mmseries.probe=1" ) 2>/dev/null
		if grep -q 'MMSERIES probe-ok' "$res"; then
			accel=kvm
		else
			info "KVM probe did not finish in 20s: using TCG (set ACCEL=kvm to force)"
		fi
	fi
fi
info "booting the guest: accel=$accel smp=$SMP mem=$MEM hugepages=$HUGEPAGES"

: > "$log"; : > "$res"; : > "$tsv"
qemu "$accel" "" &
qpid=$!
t_start=$(date +%s) deadline=$(( $(date +%s) + BOOT_TIMEOUT )) seen=0 hung=
declare -A tmo
while read -r name t _; do tmo[$name]=$((t * TSCALE)); done < <(grep -hv '^#' "$TOP"/selftests/*.list | awk 'NF')
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
