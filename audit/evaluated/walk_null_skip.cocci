// Candidate bug-finder (evaluated, not proposed): a page-walk ->pmd_entry()
// that takes a NULL from pte_offset_map*() as "nothing here" instead of
// walk->action = ACTION_AGAIN or a retry.
virtual report

@initialize:python@
@@
import re
entries = set()
def do_report(p, S):
	if p[0].current_element in entries and \
	   not re.search(r"ACTION_AGAIN|goto\s+(again|retry|restart)|-\s*EAGAIN", S):
		print("%s:%s: %s: NULL from pte_offset_map*() taken as nothing (%s)" % (p[0].file, p[0].line, p[0].current_element, " ".join(S.split())))

@ops@
identifier o, fn;
@@
struct mm_walk_ops o = { ..., .pmd_entry = fn, ... };

@script:python@
fn << ops.fn;
@@
entries.add(fn)

@r depends on ops exists@
identifier f = {pte_offset_map_lock, pte_offset_map, pte_offset_map_ro_nolock,
		pte_offset_map_rw_nolock};
expression P, E;
position p;
statement S;
@@
P = f@p(...);
... when != P = E
if (\(!P\|P == NULL\|unlikely(!P)\)) S

@script:python depends on report@
p << r.p;
S << r.S;
@@
do_report(p, S)

@r2 depends on ops exists@
identifier f = {pte_offset_map_lock, pte_offset_map, pte_offset_map_ro_nolock,
		pte_offset_map_rw_nolock};
expression P, Q, E;
position p;
statement S;
@@
Q = P = f@p(...);
... when != P = E
(
if (\(!P\|P == NULL\|unlikely(!P)\)) S
|
if (\(!Q\|Q == NULL\|unlikely(!Q)\)) S
)

@script:python depends on report@
p << r2.p;
S << r2.S;
@@
do_report(p, S)
