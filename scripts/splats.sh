#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# splats.sh CONSOLE.LOG: report every kernel splat with the test that was running; exit 1 if any.
set -uo pipefail
log=$1
pat='BUG:|WARNING:|Oops|Kernel panic|kernel BUG at|general protection fault|Bad page|Bad rss-counter'
pat+='|KASAN:|UBSAN:|soft lockup|hard LOCKUP|rcu: INFO:|rcu_.*detected stall|self-detected stall'
pat+='|blocked for more than|possible recursive locking|possible circular locking|inconsistent lock state'
pat+='|suspicious RCU usage|list_add corruption|list_del corruption'
pat+='|Unable to handle kernel|sleeping function called from invalid context'
# mm CI's console patterns (WARNING:|BUG|Oops|UBSAN:|rcu:.*stall|INFO: task .* blocked|
# watchdog:.*LOCKUP), with BUG as a word so that DEBUG_VM and friends do not match
pat+='|(^|[^A-Za-z_])BUG([^A-Za-z_]|$)|rcu:.*stall|INFO: task .* blocked|watchdog:.*LOCKUP'
n=$(grep -cE "$pat" "$log" || true)
[ "$n" = 0 ] && exit 0
echo
echo "KERNEL SPLATS in the console log ($n matching lines):"
awk -v pat="$pat" '
	/mmseries: start / { cur = $NF }
	$0 ~ pat && !shown[NR] {
		print "---- during: " (cur ? cur : "boot") " (console line " NR ")"
		for (i = 0; i < 30; i++) { if (i) { if ((getline l) <= 0) break } else l = $0
			print "  | " l }
		nsplat++
		if (nsplat >= 5) { print "  (more splats follow in the console log)"; exit }
	}' "$log"
echo "full console log: $log"
exit 1
