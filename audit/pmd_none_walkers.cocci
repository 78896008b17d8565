// SPDX-License-Identifier: GPL-2.0-only
/// Inventory of the page-table walkers that decide something from a PMD
/// entry being none (or not a page table), and what each one does.
///
/// This is the project's audit tool, not a kernel coccicheck script: it
/// classifies every site for a human review, it does not find bugs.
///
/// Two kinds of site:
///
///  - pmd sites: an if/while condition or a ?: test that contains
///    pmd_none(), pmd_present() (either polarity) or
///    pmd_none_or_clear_bad().  Bare assertions are not sites.
///  - null sites: a call of pte_offset_map(), pte_offset_map_lock(),
///    pte_offset_map_ro_nolock(), pte_offset_map_rw_nolock(),
///    pte_alloc_map() or pte_alloc_map_lock().  They return NULL when
///    the PMD is none, not present, or a leaf (the table went away or
///    turned huge); the site is classified by what the caller does with
///    that NULL.
///
/// Each site is reported once per source line as
///
///   file:line: function: CLASS: [tag] detail
///
/// where tag is the predicate or callee and its ordinal among the sites
/// of that function (pmd_none#1, pte_offset_map_lock#2), a key that
/// survives line moves.
///
/// pmd site classes (what the walker does when the entry is none):
///
///   skips        taken as "nothing here", no PMD lock held
///   installs     leads to pte_alloc()/__pte_alloc()/pmd_install() or a
///                THP fault install, which rechecks under the PMD lock
///   revalidates  the check is made under the PMD lock (on every path
///                here, by every caller in the same file, or inside a
///                page_vma_mapped_walk() loop), or the decision is
///                rechecked later with the lock, pmd_same() or a PTE-level
///                pte_offset_map_lock()
///   lockless(irq), lockless(rcu)
///                self-validating lockless walk (irqs off / RCU)
///   kernel       walks a kernel page table
///   unknown      the script could not tell
///
/// null site classes (what the caller does with a NULL):
///
///   nullretry    retries at the PMD level: ACTION_AGAIN, a goto to an
///                again/retry/restart label, -EAGAIN to the caller, or a
///                fault handler that returns so that the access refaults
///   nulltable    "nothing here": the range, page or operation is skipped,
///                a hole or "not found" is reported, success returned
///   nullerror    an error the caller did not ask for: -ENOMEM, -EFAULT,
///                -EINVAL, VM_FAULT_SIGBUS/OOM, ERR_PTR()
///   nullpass     the NULL (or false) is returned to the caller, which
///                decides
///   nullnever    NULL is asserted impossible (WARN/BUG): a private copy
///                of the PMD or a table pinned by the caller
///   (kernel and lockless(irq) as above)
///
// Confidence: Moderate
// Options: --no-includes --include-headers --macro-file macros.h

virtual report
virtual org

@initialize:python@
@@
import re

# Calls that allocate or install a page table or a PMD leaf.  All of
# them take the PMD lock and recheck pmd_none() before writing.
INSTALL = set("""
pte_alloc __pte_alloc pte_alloc_map pte_alloc_map_lock pte_alloc_one
pmd_install do_set_pmd create_huge_pmd do_huge_pmd_anonymous_page
__do_huge_pmd_anonymous_page set_huge_zero_folio handle_pte_fault
do_pte_missing do_anonymous_page do_fault set_pmd_at pmd_populate
__pte_alloc_kernel pte_alloc_kernel pte_alloc_kernel_track
""".split())

# Calls that take the PMD lock or recheck the entry against a snapshot.
RECHECK = set("""
pmd_lock pmd_trans_huge_lock __pmd_trans_huge_lock pte_offset_map_lock
pmd_same
""".split())

# Calls that only wait for a PMD lock holder (take and drop): no recheck.
WAITONLY = set("""sync_with_folio_pmd_zap""".split())

NULLFUNCS = set("""pte_offset_map pte_offset_map_lock
pte_offset_map_ro_nolock pte_offset_map_rw_nolock pte_alloc_map
pte_alloc_map_lock""".split())

# Strong markers of a kernel (init_mm) page table walk.
KERNEL_TOKENS = re.compile(r"\b(init_mm|efi_mm|pgd_offset_k|pmd_off_k|"
	r"swapper_pg_dir|pmd_populate_kernel|pud_populate_kernel|"
	r"pte_alloc_kernel\w*|__pte_alloc_kernel|pte_alloc_one_kernel|"
	r"pte_free_kernel|vmemmap_\w+|kasan_\w+|__set_fixmap|"
	r"pgd_offset_gate)\b")
KERNEL_ATTRS = re.compile(r"\b(__init|__meminit|__ref|__head|__initdata|"
	r"__cpuinit|__init_or_module)\b")
# Files whose page-table walks are all on kernel page tables.
KERNEL_FILES = re.compile(r"(^|/)(mm/(vmalloc|sparse-vmemmap|percpu|"
	r"early_ioremap|hugetlb_vmemmap|ioremap)\.c|mm/kasan/.*|"
	r"arch/[^/]+/mm/(.*/)?(kasan\w*|pageattr\w*|ioremap\w*|"
	r"set_memory\w*|fixmap\w*|kaslr\w*|physaddr\w*|ident_map)\.c)$")
# Helpers used only on kernel mappings (ioremap, vmap, hotplug).
KERNEL_FUNCS = re.compile(r"^(pud_free_pmd_page|pmd_free_pte_page|"
	r"pmd_set_huge|pud_set_huge|pmd_clear_huge|pud_clear_huge|"
	r"\w*kernel\w*|\w*vmalloc\w*|\w*vmemmap\w*|\w*hotplug\w*)$")
# Wrappers that pass the truth of their argument through.
PASSTHRU = set("""unlikely likely WARN_ON WARN_ON_ONCE VM_WARN_ON
VM_WARN_ON_ONCE BUG_ON VM_BUG_ON""".split())
ASSERTS = set("""WARN_ON WARN_ON_ONCE VM_WARN_ON VM_WARN_ON_ONCE BUG_ON
VM_BUG_ON WARN VM_WARN_ON_FOLIO""".split())
PRED_VALUE = {"pmd_none": True, "pmd_none_or_clear_bad": True,
	      "pmd_present": False}
RETRY_LABEL = re.compile(r"\bgoto\s+(again|retry\w*|restart\w*|redo)\b")
ERRORS = re.compile(r"(-\s*E(?!AGAIN\b)[A-Z]+\b|\bVM_FAULT_(SIGBUS|OOM|"
	r"HWPOISON)\b|\bERR_PTR\b)")

sites = {}	# (file, line, col) -> pmd site description
facts = {}	# (file, line, col) -> set of facts
filefacts = {}	# file -> {"calls": set, "lockcall": set, ...}
filetext = {}
printed = set()
state = {"file": None}
ncalls = {}	# (file, line, col) -> null site: fn, callee
ntests = {}	# (file, line, col) of the call -> list of tests
ifstmts = {}	# (file, line, col) of an if -> (then, else)

def key(p):
	return (p[0].file, int(p[0].line), int(p[0].column))

def before(a, b):
	"""a comes before b in the source: ignores paths round a loop."""
	return (int(a[0].line), int(a[0].column)) < \
	       (int(b[0].line), int(b[0].column))

def add_fact(p, what):
	facts.setdefault(key(p), set()).add(what)

def ffact(p, kind, val):
	d = filefacts.setdefault(p[0].file, {})
	d.setdefault(kind, set()).add(val)

def source(fname):
	if fname not in filetext:
		try:
			with open(fname, errors="replace") as f:
				filetext[fname] = f.read().split("\n")
		except OSError:
			filetext[fname] = []
	return filetext[fname]

def offset(lines, line, col):
	return sum(len(l) + 1 for l in lines[:line - 1]) + col

def paren_span(text, start):
	"""Return the text inside the parentheses opening at or after start."""
	i = text.find("(", start)
	if i < 0:
		return None
	depth = 0
	for j in range(i, len(text)):
		if text[j] == "(":
			depth += 1
		elif text[j] == ")":
			depth -= 1
			if depth == 0:
				return (i + 1, j)
	return None

def outward(text, lo, pos, val):
	"""Truth of the condition text[lo:...] given the truth val of the
	operand starting at pos, assuming the other operands let this one
	decide.  None when the operand is an argument of another call.
	Also returns the wrappers crossed."""
	i = pos
	wrappers = []
	while True:
		j = i - 1
		while j >= lo and text[j] in " \t\n":
			j -= 1
		if j >= lo and text[j] == "!":
			val = not val
			i = j
			continue
		# find the innermost unclosed '(' before i
		depth = 0
		while j >= lo:
			c = text[j]
			if c == ")":
				depth += 1
			elif c == "(":
				if depth == 0:
					break
				depth -= 1
			j -= 1
		if j < lo:
			return (val, wrappers)
		k = j - 1
		while k >= lo and text[k] in " \t\n":
			k -= 1
		m = k
		while m >= lo and (text[m].isalnum() or text[m] == "_"):
			m -= 1
		callee = text[m + 1:k + 1]
		if callee in ("if", "while"):
			return (val, wrappers)
		if callee and callee not in PASSTHRU:
			return (None, wrappers)
		if callee:
			wrappers.append(callee)
		i = m + 1 if callee else j

def none_value(text, lo, pos, pred):
	return outward(text, lo, pos, PRED_VALUE[pred])[0]

def arg_text(text, pos):
	"""The argument of the predicate call starting at pos."""
	span = paren_span(text, pos)
	return " ".join(text[span[0]:span[1]].split()) if span else ""

def func_span(lines, fn, line):
	"""Return (first, last) line numbers of the definition of fn that
	contains line, header included."""
	pat = re.compile(r"\b%s\s*\(" % re.escape(fn))
	start = None
	for n in range(line, 0, -1):
		l = lines[n - 1]
		if pat.search(l) and not l.startswith((" ", "\t")) or \
		   (pat.search(l) and n > 1 and l.lstrip().startswith(fn)):
			start = n
			break
	if start is None:
		return None
	hdr = start
	while hdr > 1 and lines[hdr - 2].strip() and \
	      not lines[hdr - 2].rstrip().endswith((";", "}", "*/")) and \
	      not lines[hdr - 2].startswith("#"):
		hdr -= 1
	depth = 0
	seen = False
	for n in range(start, len(lines) + 1):
		for c in lines[n - 1]:
			if c == "{":
				depth += 1
				seen = True
			elif c == "}":
				depth -= 1
		if seen and depth <= 0:
			return (hdr, n)
	return (hdr, len(lines))

def func_text(fname, fn, line):
	lines = source(fname)
	span = func_span(lines, fn, line) if fn and fn != "something_else" \
		else None
	ftext = "\n".join(lines[span[0] - 1:span[1]]) if span else ""
	hdr = ftext.split("{", 1)[0] if ftext else ""
	return ftext, hdr

def callers_locked(fname, fn):
	"""Every call of fn in this file is made with the PMD lock held."""
	d = filefacts.get(fname, {})
	pos = set(c for c in d.get("callpos", set()) if c[0] == fn)
	return bool(pos) and pos <= d.get("lockcall", set())

def closure(fname, kind):
	"""Functions of fname reached, through callers in the same file,
	only from places that have context kind."""
	d = filefacts.get(fname, {})
	ctx = set(d.get(kind, set()))
	calls = d.get("calls", set())
	changed = True
	while changed:
		changed = False
		for (f, g) in calls:
			if f in ctx and g not in ctx:
				ctx.add(g)
				changed = True
	return ctx

def site_funcs():
	fname = state["file"]
	return set(s["fn"] for (k, s) in sites.items() if k[0] == fname) | \
	       set(s["fn"] for (k, s) in ncalls.items() if k[0] == fname)

PTL = re.compile(r"ptl|page_table_lock|\bpml\b|lockptr")

def is_ptl(expr):
	return PTL.search(expr) is not None

def is_site_func(name):
	return name in site_funcs()

def is_installer(name):
	return name in installers()

def transitive(base):
	"""base plus the functions of the current file that call one."""
	fname = state["file"]
	d = filefacts.get(fname, {})
	out = set(base)
	calls = d.get("calls", set())
	changed = True
	while changed:
		changed = False
		for (f, g) in calls:
			if g in out and f and f not in out:
				out.add(f)
				changed = True
	return out

def installers():
	d = filefacts.setdefault(state["file"], {})
	if "installers" not in d:
		d["installers"] = transitive(INSTALL)
	return d["installers"]

def pte_lockers():
	"""Functions of the current file that map the PTE table under its
	lock (pte_offset_map_lock()), directly or through a callee."""
	d = filefacts.setdefault(state["file"], {})
	if "ptelock" not in d:
		d["ptelock"] = transitive(set(["pte_offset_map_lock"]))
	return d["ptelock"]

def is_pte_locker(name):
	return name in pte_lockers()

TAKE_DROP = re.compile(r"[\w\s\*]*=\s*pmd_lock\s*\([^;]*\)\s*;\s*"
		       r"spin_unlock\s*\([^;]*\)\s*;")
LEAVE = re.compile(r"\b(break|continue|return|goto)\b")

def branch_kind(text):
	"""Classify the statement run when the entry is none."""
	if text is None:
		return ("fallthrough", "")
	t = " ".join(text.split())
	# "ptl = pmd_lock(); spin_unlock(ptl);" only waits for a concurrent
	# zap_huge_pmd(): it rechecks nothing
	t = TAKE_DROP.sub(" ", t)
	calls = set(re.findall(r"([A-Za-z_]\w*)\s*\(", t))
	inst = sorted(calls & installers())
	if inst:
		first = min(re.search(r"\b%s\s*\(" % re.escape(i), t).start()
			    for i in inst)
		m = LEAVE.search(t[:first])
		if m:
			return ("leave", "%s unless allowed, else %s()" %
				(m.group(1), inst[0]))
		# install under a nested condition, leave otherwise
		g = re.search(r"\bif\s*\(\s*([^()]*?)\s*\)\s*[^;{]*\b%s\s*\(" %
			      re.escape(inst[0]), t)
		ms = LEAVE.findall(t[first:])
		if g and ms:
			return ("leave", "%s; %s() only if %s" %
				(ms[-1], inst[0], g.group(1)))
		return ("install", inst[0])
	rck = sorted(calls & RECHECK)
	if rck:
		return ("recheck", rck[0])
	body = t.strip("{} ;")
	stmts = [s.strip() for s in body.split(";") if s.strip()]
	last = stmts[-1] if stmts else ""
	if re.match(r"^(continue|break)$", last):
		return ("leave", last)
	if re.match(r"^return\b", last):
		m = re.match(r"^return\s+([A-Za-z_]\w*)\s*\(", last)
		return ("leave", "return " + (m.group(1) + "()" if m else
					     last[6:].strip() or "void"))
	if re.match(r"^goto\s+\w+$", last):
		return ("goto", last)
	wait = sorted(calls & WAITONLY)
	if wait:
		return ("wait", wait[0])
	return ("block", "")

def is_leave_stmt(text):
	"""The statement (or the last statement of the block) leaves."""
	if text is None:
		return False
	t = " ".join(text.split()).strip("{} ;")
	last = [x.strip() for x in t.split(";") if x.strip()]
	last = last[-1] if last else ""
	return re.match(r"^(continue|break|return\b.*|goto\s+\w+)$", last) \
		is not None

def kernel_class(fname, fn, ftext, hdr, tokens=True):
	if KERNEL_FILES.search(fname):
		return ("kernel", "kernel page tables only in this file")
	if hdr and KERNEL_ATTRS.search(hdr):
		return ("kernel", "boot/hotplug-time code (%s)" %
			KERNEL_ATTRS.search(hdr).group(1))
	m = KERNEL_TOKENS.search(ftext) if tokens else None
	if m:
		return ("kernel", "uses %s" % m.group(1))
	if fn and KERNEL_FUNCS.match(fn):
		return ("kernel", "kernel mapping helper")
	return None

def classify(p, s):
	fname = p[0].file
	line = int(p[0].line)
	fn = s["fn"]
	f = facts.get(key(p), set())
	ftext, hdr = func_text(fname, fn, line)

	# 1. kernel page tables
	k = kernel_class(fname, fn, ftext, hdr)
	if k:
		return k

	if fname.endswith(".h") and re.search(r"\binline\b", hdr):
		return ("unknown", "inline helper; its callers decide")

	# 2. context established in this function: a lock counts only if
	# no path from the function entry reaches the site without it
	if "locked" in f and "unlocked_path" not in f:
		return ("revalidates", "checked under the PMD lock")
	if "pvmw" in f:
		return ("revalidates", "page_vma_mapped_walk() holds the "
			"PMD lock")
	if "irq" in f:
		return ("lockless(irq)", "walk with interrupts disabled here")
	if "rcu" in f:
		return ("lockless(rcu)", "walk under rcu_read_lock() here")

	# 3. what the none case does
	val = s["none"]
	if val is None:
		kind, how = ("unknown", "")
	elif val:
		kind, how = branch_kind(s["then"])
	else:
		kind, how = branch_kind(s["else"])
		# the guarded statement only leaves: a none entry proceeds
		if kind == "fallthrough" and is_leave_stmt(s["then"]):
			kind = "proceed"
	cinst = sorted(set(re.findall(r"([A-Za-z_]\w*)\s*\(", s["cond"]))
		       & installers())
	if val and cinst:
		kind, how = ("install", cinst[0])
	if callers_locked(fname, fn):
		return ("revalidates", "callers hold the PMD lock")
	if kind == "install":
		return ("installs", "none -> %s()" % how)

	# 4. other context inherited from callers in this file
	if fn in closure(fname, "irqcall"):
		return ("lockless(irq)", "caller disabled interrupts")
	if s["expr"] in filefacts.get(fname, {}).get("param:" + fn, set()):
		return ("unknown", "entry %s read by the caller" % s["expr"])

	if kind == "unknown":
		return ("unknown", "predicate passed to another call")
	if kind == "recheck":
		return ("revalidates", "none -> rechecked by %s()" % how)
	if kind == "wait":
		return ("skips", "none -> %s() waits for the PMD lock holder, "
			"then an unlocked re-read decides" % how)
	if kind == "goto":
		if "install_after" in f:
			return ("installs", "none -> %s -> install" % how)
		return ("skips", "none -> %s" % how)
	if kind == "leave":
		return ("skips", "none -> %s" % how)
	if kind == "proceed":
		if "recheck_after" in f:
			return ("revalidates", "none -> not skipped; rechecked "
				"under lock later")
		if "ptelock_after" in f:
			return ("revalidates", "none -> not skipped; the PTE "
				"level maps the table with pte_offset_map_lock()")
		if "install_after" in f:
			return ("installs", "none -> not skipped; installs later")
		return ("unknown", "none -> not skipped")
	if kind == "fallthrough":
		if "recheck_after" in f:
			return ("revalidates", "none -> rechecked under lock later")
		if "install_after" in f:
			return ("installs", "none -> falls through to an install")
		return ("skips", "none -> guarded work not done")
	if "install_after" in f:
		return ("installs", "none -> falls through to an install")
	if "recheck_after" in f:
		return ("revalidates", "none -> rechecked under lock later")
	return ("unknown", "none branch does not leave the walk")

def site_record(p, then, els, cond_pos, form):
	fname = p[0].file
	lines = source(fname)
	pl, pc = int(p[0].line), int(p[0].column)
	text = "\n".join(lines)
	pos = offset(lines, pl, pc)
	pred = re.match(r"\w+", text[pos:pos + 40]).group(0)
	if form == "?:":
		lo = offset(lines, pl, 0)
	else:
		cl, cc = int(cond_pos[0].line), int(cond_pos[0].column)
		start = offset(lines, cl, cc)
		span = paren_span(text, start)
		lo = span[0] if span else start
	if form == "?:":
		cond = text[lo:pos + 200].split("?")[0]
	else:
		cond = text[span[0]:span[1]] if span else ""
	sites[key(p)] = {
		"fn": p[0].current_element,
		"cond": cond,
		"pred": pred,
		"expr": arg_text(text, pos),
		"none": none_value(text, lo, pos, pred),
		"then": then,
		"else": els,
		"form": form,
	}

def tag_of(fname, fn, line, name):
	"""name#n: the ordinal of this site among the sites of fn that
	report the same name (by line)."""
	same = set()
	for (k, s) in sites.items():
		if k[0] == fname and s["fn"] == fn and s["pred"] == name:
			same.add(k[1])
	for (k, s) in ncalls.items():
		if k[0] == fname and s["fn"] == fn and s["callee"] == name:
			same.add(k[1])
	same.add(line)
	return "%s#%d" % (name, sorted(same).index(line) + 1)

def fn_name(fn):
	return "(macro)" if not fn or fn == "something_else" else fn

def site_report(p):
	k = key(p)
	s = sites.get(k)
	if s is None:
		return None
	lk = (p[0].file, int(p[0].line), "pmd")
	if lk in printed:
		return None
	printed.add(lk)
	state["file"] = p[0].file
	cls, detail = classify(p, s)
	fn = s["fn"]
	tag = tag_of(p[0].file, fn, int(p[0].line), s["pred"])
	return "%s:%s: %s: %s: [%s] %s" % (p[0].file, p[0].line, fn_name(fn),
					   cls, tag, detail)

# ---------------------------------------------------------------------
# null sites

def nt_record_call(p, callee):
	ncalls[key(p)] = {"fn": p[0].current_element, "callee": callee}
	ffact(p, "ntfuncs", p[0].current_element)

def null_test(pc, pt, pi, form):
	"""Record a test of the result of the call at pc; pt is the
	position of the tested expression, pi that of the if (or of the
	assertion / return)."""
	if not before(pc, pt):
		return
	fname = pt[0].file
	lines = source(fname)
	text = "\n".join(lines)
	pos = offset(lines, int(pt[0].line), int(pt[0].column))
	if form == "return":
		ntests.setdefault(key(pc), []).append(
			(int(pt[0].line), int(pt[0].column), "return", None))
		return
	start = offset(lines, int(pi[0].line), int(pi[0].column))
	span = paren_span(text, start)
	if not span:
		return
	lo, hi = span
	# the operand must be used as a truth value (or compared to NULL)
	endp = pos
	m = re.match(r"[\w\.\->\[\]]+", text[pos:hi])
	if m:
		endp = pos + m.end()
	after = text[endp:hi].lstrip()
	j = pos - 1
	while j >= lo and text[j] in " \t\n":
		j -= 1
	prev = text[j] if j >= lo else "("
	val = False
	if re.match(r"==\s*NULL\b", after):
		val = True
	elif re.match(r"!=\s*NULL\b", after):
		val = False
	elif after and not re.match(r"(\)|&&|\|\||\?)", after):
		return
	if prev not in "(!&|":
		return
	v, wrappers = outward(text, lo, pos, val)
	if v is None:
		return
	if form == "assert" or set(wrappers) & ASSERTS:
		kind = "assert"
	else:
		kind = "if"
	ntests.setdefault(key(pc), []).append(
		(int(pt[0].line), int(pt[0].column), kind, (key(pi), v)))

PRESET = re.compile(r"\b\w+\s*=\s*(-\s*E[A-Z]+|VM_FAULT_[A-Z]+)\s*;\s*$")

def preset_error(fname, line):
	"""An error code assigned by the statement just before the call
	(err = -EAGAIN; pte = pte_offset_map_lock(...); if (!pte) goto out;)."""
	lines = source(fname)
	for n in range(line - 1, max(0, line - 4), -1):
		l = lines[n - 1].strip()
		if not l or l.startswith(("/*", "*")):
			continue
		m = PRESET.search(l)
		return " ".join(m.group(1).split()) if m else None
	return None

def null_branch(text, fault, preset=None):
	"""Classify the statement run on NULL; None when not decisive."""
	if text is None:
		return None
	t = " ".join(text.split())
	if preset and re.match(r"^\{?\s*goto\s+\w+\s*;?\s*\}?$", t.strip()):
		t = "%s; %s" % (preset, t)
	if "ACTION_AGAIN" in t:
		return ("nullretry", "NULL -> ACTION_AGAIN")
	m = RETRY_LABEL.search(t)
	if m:
		return ("nullretry", "NULL -> goto %s" % m.group(1))
	if re.search(r"-\s*EAGAIN\b", t):
		return ("nullretry", "NULL -> -EAGAIN to the caller")
	e = ERRORS.search(t)
	if e:
		return ("nullerror", "NULL -> %s" % e.group(1))
	body = t.strip("{} ;")
	stmts = [s.strip() for s in body.split(";") if s.strip()]
	last = stmts[-1] if stmts else ""
	m = re.match(r"^(continue|break|return\b.*|goto\s+\w+)$", last)
	if not m:
		return None
	how = " ".join(m.group(1).split())
	if fault and not re.match(r"^(continue|break)$", how):
		return ("nullretry", "fault path: NULL -> %s, the access "
			"refaults" % how)
	return ("nulltable", "NULL -> %s" % how)

def null_classify(k, s):
	fname, line, col = k
	fn = s["fn"]
	ftext, hdr = func_text(fname, fn, line)
	kc = kernel_class(fname, fn, ftext, hdr, tokens=False)
	if kc:
		return kc
	if fn in closure(fname, "irqcall"):
		return ("lockless(irq)", "caller disabled interrupts; NULL -> "
			"fall back")
	fault = re.search(r"struct\s+vm_fault\s*\*", hdr) is not None
	tests = sorted(t for t in ntests.get(k, []))
	seen = set()
	for (l, c, kind, branch) in tests:
		if (l, c) in seen:
			continue
		seen.add((l, c))
		if kind == "assert":
			return ("nullnever", "NULL asserted impossible")
		if kind == "return":
			return ("nullpass", "NULL returned to the caller")
		(pik, v) = branch
		st = ifstmts.get(pik)
		if st is None:
			continue
		r = null_branch(st[0] if v else st[1], fault,
				preset_error(fname, line))
		if r:
			return r
	if re.search(r"^\s*return\s+%s\s*\(" % re.escape(s["callee"]),
		     source(fname)[line - 1]):
		return ("nullpass", "NULL returned to the caller")
	if tests and fault:
		return ("nullretry", "fault path: NULL -> nothing done, the "
			"access refaults")
	if tests:
		return ("nulltable", "NULL -> guarded work not done")
	return ("unknown", "NULL not tested")

def null_report(p):
	k = key(p)
	s = ncalls.get(k)
	if s is None:
		return None
	lk = (p[0].file, int(p[0].line), "null")
	if lk in printed:
		return None
	printed.add(lk)
	state["file"] = p[0].file
	cls, detail = null_classify(k, s)
	tag = tag_of(p[0].file, s["fn"], int(p[0].line), s["callee"])
	return "%s:%s: %s: %s: [%s] %s" % (p[0].file, p[0].line,
					   fn_name(s["fn"]), cls, tag, detail)

// ---------------------------------------------------------------------
// pmd sites: the predicate inside an if, while or ?: condition.
// The iso rules that swap or drop branches would lose the polarity.

@site_if depends on report || org disable neg_if, drop_else, ne_if, neg_if_exp@
expression E;
statement S1, S2;
position p, pi;
@@
(
if@pi (<+... \(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) ...+>) S1 else S2
|
if@pi (<+... \(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) ...+>) S1
)

@site_ifelse depends on report || org disable neg_if, drop_else, ne_if, neg_if_exp@
position site_if.p, site_if.pi;
statement S1, S2;
expression E;
@@
if@pi (<+... \(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) ...+>) S1 else S2

@script:python@
p << site_if.p;
pi << site_if.pi;
S1 << site_ifelse.S1;
S2 << site_ifelse.S2;
@@
site_record(p, S1, S2, pi, "if")

@site_ifonly depends on report || org disable neg_if, drop_else, ne_if, neg_if_exp@
position site_if.p, site_if.pi;
statement S1;
expression E;
@@
if@pi (<+... \(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) ...+>) S1

@script:python@
p << site_if.p;
pi << site_if.pi;
S1 << site_ifonly.S1;
@@
site_record(p, S1, None, pi, "if")

@site_loop depends on report || org@
expression E;
statement S;
position p, pi;
@@
while@pi (<+... \(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) ...+>) S

@script:python@
p << site_loop.p;
pi << site_loop.pi;
S << site_loop.S;
@@
site_record(p, S, None, pi, "while")

@site_cond depends on report || org@
expression E, E1, E2, E3;
position p;
@@
(
\(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) ? E1 : E2
|
!\(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) ? E1 : E2
|
\(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) && E3 ? E1 : E2
|
\(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\) || E3 ? E1 : E2
)

@script:python@
p << site_cond.p;
E1 << site_cond.E1;
E2 << site_cond.E2;
@@
site_record(p, E1, E2, None, "?:")

// ---------------------------------------------------------------------
// null sites: every call, then the tests of its result.

@nt_call depends on report || org@
identifier f = {pte_offset_map, pte_offset_map_lock,
		pte_offset_map_ro_nolock, pte_offset_map_rw_nolock,
		pte_alloc_map, pte_alloc_map_lock};
position pc;
@@
f@pc(...)

@script:python@
pc << nt_call.pc;
f << nt_call.f;
@@
state["file"] = pc[0].file
nt_record_call(pc, f)

// The if statements of these files, for the branch taken on NULL.
@nt_ifs_else depends on nt_call disable neg_if, drop_else, ne_if, neg_if_exp@
expression C;
statement S1, S2;
position pi;
@@
if@pi (C) S1 else S2

@script:python@
pi << nt_ifs_else.pi;
S1 << nt_ifs_else.S1;
S2 << nt_ifs_else.S2;
@@
ifstmts[key(pi)] = (S1, S2)

@nt_ifs_only depends on nt_call disable neg_if, drop_else, ne_if, neg_if_exp@
expression C;
statement S1;
position pi;
@@
if@pi (C) S1

@script:python@
pi << nt_ifs_only.pi;
S1 << nt_ifs_only.S1;
@@
ifstmts.setdefault(key(pi), (S1, None))

// P = call(); ... if (... P ...)
@nt_if depends on nt_call disable neg_if, drop_else, ne_if, neg_if_exp exists@
identifier nt_call.f;
position nt_call.pc;
expression P, E;
statement S1, S2;
position pi, pt;
@@
P = <+... f@pc(...) ...+>;
... when != P = E
    when any
(
if@pi (<+... P@pt ...+>) S1 else S2
|
if@pi (<+... P@pt ...+>) S1
)

@script:python@
pc << nt_call.pc;
pi << nt_if.pi;
pt << nt_if.pt;
@@
null_test(pc, pt, pi, "if")

// Q = P = call(); ... if (... P ...)
@nt_if2 depends on nt_call disable neg_if, drop_else, ne_if, neg_if_exp exists@
identifier nt_call.f;
position nt_call.pc;
expression P, Q, E;
statement S1, S2;
position pi, pt;
@@
Q = P = <+... f@pc(...) ...+>;
... when != P = E
    when any
(
if@pi (<+... P@pt ...+>) S1 else S2
|
if@pi (<+... P@pt ...+>) S1
)

@script:python@
pc << nt_call.pc;
pi << nt_if2.pi;
pt << nt_if2.pt;
@@
null_test(pc, pt, pi, "if")

// P = call(); ... Q = P; ... if (... Q ...)
@nt_if3 depends on nt_call disable neg_if, drop_else, ne_if, neg_if_exp exists@
identifier nt_call.f;
position nt_call.pc;
expression P, Q, E;
statement S1, S2;
position pi, pt;
@@
P = <+... f@pc(...) ...+>;
... when != P = E
Q = P;
... when != Q = E
    when any
(
if@pi (<+... Q@pt ...+>) S1 else S2
|
if@pi (<+... Q@pt ...+>) S1
)

@script:python@
pc << nt_call.pc;
pi << nt_if3.pi;
pt << nt_if3.pt;
@@
null_test(pc, pt, pi, "if")

@nt_assert depends on nt_call exists@
identifier nt_call.f;
position nt_call.pc;
identifier a = {WARN_ON, WARN_ON_ONCE, VM_WARN_ON, VM_WARN_ON_ONCE,
		BUG_ON, VM_BUG_ON};
expression P, E;
position pi, pt;
@@
P = <+... f@pc(...) ...+>;
... when != P = E
    when any
a@pi(<+... P@pt ...+>);

@script:python@
pc << nt_call.pc;
pi << nt_assert.pi;
pt << nt_assert.pt;
@@
null_test(pc, pt, pi, "assert")

@nt_decl depends on nt_call exists@
identifier nt_call.f;
position nt_call.pc;
identifier P;
type T;
expression E;
statement S1;
identifier a = {WARN_ON, WARN_ON_ONCE, VM_WARN_ON, VM_WARN_ON_ONCE,
		BUG_ON, VM_BUG_ON};
position pi, pt;
@@
T P = <+... f@pc(...) ...+>;
... when != P = E
    when any
(
if@pi (<+... a(<+... P@pt ...+>) ...+>) S1
|
a@pi(<+... P@pt ...+>);
)

@script:python@
pc << nt_call.pc;
pi << nt_decl.pi;
pt << nt_decl.pt;
@@
null_test(pc, pt, pi, "assert")

@nt_ret depends on nt_call exists@
identifier nt_call.f;
position nt_call.pc;
expression P, E;
position pt;
@@
P = <+... f@pc(...) ...+>;
... when != P = E
    when any
return <+... P@pt ...+>;

@script:python@
pc << nt_call.pc;
pt << nt_ret.pt;
@@
null_test(pc, pt, None, "return")

// ---------------------------------------------------------------------
// Same-file call graph, to carry lock/irq/RCU context into callees and
// to know which local functions end up installing a table.

@calls depends on (report || org) && (site_if || site_loop || site_cond || nt_call)@
identifier g;
position pg;
@@
g@pg(...)

@script:python@
g << calls.g;
pg << calls.pg;
@@
state["file"] = pg[0].file
ffact(pg, "calls", (pg[0].current_element, g))
ffact(pg, "callpos", (g, int(pg[0].line), int(pg[0].column)))

// ---------------------------------------------------------------------
// Context facts for the pmd sites.

@locked depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression E, L;
expression X : script:python() { is_ptl(X) };
type T;
identifier I;
statement S;
position q, pl;
@@
(
L = pmd_lock@pl(...);
|
T I = pmd_lock@pl(...);
|
spin_lock@pl(X);
|
spin_lock_nested@pl(X, ...);
|
if (!spin_trylock@pl(X)) S
|
assert_spin_locked@pl(X);
|
lockdep_assert_held@pl(X);
|
L = \(pmd_trans_huge_lock@pl\|__pmd_trans_huge_lock@pl\)(...);
if (\(!L\|L == NULL\)) S
)
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)

@script:python@
q << locked.q;
pl << locked.pl;
@@
if before(pl, q):
	add_fact(q, "locked")

@thp_locked depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression E, L;
statement S;
position q, pl;
@@
L = \(pmd_trans_huge_lock@pl\|__pmd_trans_huge_lock@pl\)(...);
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
(
if (L) {
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)
... when any
} else S
|
if (L) {
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)
... when any
}
)

@script:python@
q << thp_locked.q;
pl << thp_locked.pl;
@@
if before(pl, q):
	add_fact(q, "locked")

// A path from the function entry to the site that takes no PMD lock:
// then the lock seen by "locked" is not held on every path.
@unlocked depends on (report || org) && (site_if || site_loop || site_cond) exists@
identifier fn;
expression E;
position q;
@@
fn(...) {
... when != pmd_lock(...)
    when != spin_lock(...)
    when != spin_lock_nested(...)
    when != spin_trylock(...)
    when != assert_spin_locked(...)
    when != lockdep_assert_held(...)
    when != pmd_trans_huge_lock(...)
    when != __pmd_trans_huge_lock(...)
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)
... when any
}

@script:python@
q << unlocked.q;
@@
add_fact(q, "unlocked_path")

// page_vma_mapped_walk() returns true with the page table lock held
// (the PMD lock for a PMD mapping).
@pvmw depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression W, E;
position q;
@@
while (page_vma_mapped_walk(W)) {
... when != page_vma_mapped_walk_done(...)
    when != spin_unlock(...)
    when any
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)
... when any
}

@script:python@
q << pvmw.q;
@@
add_fact(q, "pvmw")

@irq depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression E;
position q, pl;
@@
\(local_irq_save@pl(...);\|local_irq_disable@pl();\)
... when != \(local_irq_restore(...);\|local_irq_enable();\)
    when any
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)

@script:python@
q << irq.q;
pl << irq.pl;
@@
if before(pl, q):
	add_fact(q, "irq")

@rcu depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression E;
position q, pl;
@@
rcu_read_lock@pl();
... when != rcu_read_unlock();
    when any
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)

@script:python@
q << rcu.q;
pl << rcu.pl;
@@
if before(pl, q):
	add_fact(q, "rcu")

@install_after depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression E;
position q;
identifier f : script:python() { is_installer(f) };
@@
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)
...
f(...)

@script:python@
q << install_after.q;
@@
add_fact(q, "install_after")

@recheck_after depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression E;
position q;
@@
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)
...
\(pmd_lock\|pmd_trans_huge_lock\|__pmd_trans_huge_lock\|pte_offset_map_lock\|pmd_same\)(...)

@script:python@
q << recheck_after.q;
@@
add_fact(q, "recheck_after")

@ptelock_after depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression E;
position q;
identifier f : script:python() { is_pte_locker(f) };
@@
\(pmd_none@q(E)\|pmd_present@q(E)\|pmd_none_or_clear_bad@q(E)\)
...
f(...)

@script:python@
q << ptelock_after.q;
@@
add_fact(q, "ptelock_after")

@lockcall depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression L;
expression X : script:python() { is_ptl(X) };
type T;
identifier I;
identifier fc : script:python() { is_site_func(fc) };
position pc, pl;
statement S;
@@
(
L = pmd_lock@pl(...);
|
T I = pmd_lock@pl(...);
|
spin_lock@pl(X);
|
if (!spin_trylock@pl(X)) S
|
L = \(pmd_trans_huge_lock@pl\|__pmd_trans_huge_lock@pl\)(...);
if (\(!L\|L == NULL\)) S
)
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
fc@pc(...)

@thp_lockcall depends on (report || org) && (site_if || site_loop || site_cond) exists@
expression L;
statement S;
identifier fc : script:python() { is_site_func(fc) };
position pc, pl;
@@
L = \(pmd_trans_huge_lock@pl\|__pmd_trans_huge_lock@pl\)(...);
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
(
if (L) {
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
fc@pc(...)
... when any
} else S
|
if (L) {
... when != \(spin_unlock(...)\|pte_unmap_unlock(...)\)
    when any
fc@pc(...)
... when any
}
)

@script:python@
callee << thp_lockcall.fc;
pc << thp_lockcall.pc;
pl << thp_lockcall.pl;
@@
if before(pl, pc):
	ffact(pc, "lockcall", (callee, int(pc[0].line), int(pc[0].column)))

@script:python@
callee << lockcall.fc;
pc << lockcall.pc;
pl << lockcall.pl;
@@
if before(pl, pc):
	ffact(pc, "lockcall", (callee, int(pc[0].line), int(pc[0].column)))

@irqcall depends on (report || org) && (site_if || site_loop || site_cond || nt_call) exists@
identifier fc;
position pc, pl;
@@
\(local_irq_save@pl(...);\|local_irq_disable@pl();\)
... when != \(local_irq_restore(...);\|local_irq_enable();\)
    when any
fc@pc(...)

@script:python@
callee << irqcall.fc;
pc << irqcall.pc;
pl << irqcall.pl;
@@
if before(pl, pc):
	ffact(pc, "irqcall", callee)

@params depends on (report || org) && (site_if || site_loop || site_cond)@
identifier fn, P;
position pf;
@@
fn@pf(..., pmd_t P, ...) { ... }

@script:python@
fn << params.fn;
P << params.P;
pf << params.pf;
@@
ffact(pf, "param:" + fn, P)

// ---------------------------------------------------------------------
// Report.

@final depends on (report || org) && (site_if || site_loop || site_cond)@
expression E;
position p;
@@
\(pmd_none@p(E)\|pmd_present@p(E)\|pmd_none_or_clear_bad@p(E)\)

@script:python depends on report@
p << final.p;
@@
msg = site_report(p)
if msg:
	print(msg)

@script:python depends on org@
p << final.p;
@@
msg = site_report(p)
if msg:
	coccilib.org.print_todo(p[0], msg.split(": ", 1)[1])

@ntfinal depends on (report || org) && nt_call@
identifier f = {pte_offset_map, pte_offset_map_lock,
		pte_offset_map_ro_nolock, pte_offset_map_rw_nolock,
		pte_alloc_map, pte_alloc_map_lock};
position pc;
@@
f@pc(...)

@script:python depends on report@
pc << ntfinal.pc;
@@
msg = null_report(pc)
if msg:
	print(msg)

@script:python depends on org@
pc << ntfinal.pc;
@@
msg = null_report(pc)
if msg:
	coccilib.org.print_todo(pc[0], msg.split(": ", 1)[1])
