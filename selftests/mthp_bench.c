// SPDX-License-Identifier: GPL-2.0
/*
 * mthp_bench: the latency the rest of a process sees while khugepaged
 * collapses its anonymous memory into mTHPs (64 KiB folios by default).
 *
 * Mainline 7.3 khugepaged takes mmap_write_lock and vma_start_write() for
 * every mTHP collapse: page faults anywhere in the VMA, and every user of
 * mmap_lock in the process, wait for it. The series under test collapses
 * anonymous mTHPs under the VMA read lock, through migration entries. There
 * is no runtime switch between the two: this program measures the kernel it
 * runs on, cannot tell which of the two it is, and is run once in a boot of
 * each.
 *
 * One anonymous VMA of -m MiB is populated with small pages, then given
 * MADV_HUGEPAGE. Its last FAULT_PMDS PMDs are reserved for measured faults,
 * and khugepaged is kept out of them (keep_out_of_collapse()); khugepaged
 * collapses the rest (the collapse region) into -o KiB folios, and a splitter
 * thread splits them back to order 0 through debugfs split_huge_pages, so
 * that khugepaged keeps collapsing. PMD-sized THPs stay "never" throughout,
 * so only the chosen order is collapsed. Three threads measure, each sample
 * timed with CLOCK_MONOTONIC and followed by a short sleep (SAMPLE_SLEEP_US)
 * so that the measuring threads do not load the CPUs themselves:
 *   fault    a write fault on a page of the fault region, discarded with
 *            MADV_DONTNEED just before, outside the timed section;
 *   mmap     mmap() + munmap() of an unrelated 4 KiB anonymous mapping, an
 *            mmap_lock writer;
 *   mincore  mincore() of 64 KiB of the fault region, an mmap_lock reader
 *            that takes no VMA lock.
 * Each round runs three phases of -s seconds:
 *   idle     khugepaged does not collapse (the order is "never");
 *   control  the same, plus one thread that only memcpy()s 2 MiB to 2 MiB in
 *            a loop: the CPU-load control;
 *   busy     the order is "madvise", khugepaged scans without sleeping, and
 *            the splitter runs.
 *
 * Why the control phase: on the 2 vCPUs of a QEMU TCG guest, a thread that
 * only copies memory doubles the fault p99 of the other threads. Any extra
 * load does, whatever locks it takes, so busy/idle alone says little. The
 * number that means something is busy/idle next to control/idle of the same
 * boot; mainline and the series are compared through these ratios across two
 * boots (the absolute latencies of two boots are not comparable on TCG).
 *
 * Collapses per second come from hugepages-<N>kB/stats/collapse_alloc, which
 * 7.3 increments when khugepaged (or MADV_COLLAPSE, not used here) allocates
 * the folio of a collapse of that order. 7.3 has no per-order counter of
 * successful collapses, and allocates before it checks the range, so an
 * attempt that backs off counts too, e.g. one on a block that already is a
 * folio of that order: an upper bound. The order's stats/split is reported
 * beside it: the splitter splits each collapsed folio once, so in the busy
 * phase it is about the rate of successful collapses; and
 * khugepaged/pages_collapsed, which counts PMD ranges with at least one
 * successful collapse. The counters are system wide: while the benchmark
 * runs, only MADV_HUGEPAGE VMAs can be collapsed, and into the chosen size
 * only.
 *
 * Every THP setting it changes is restored at exit, on SIGINT, SIGTERM and
 * SIGHUP. MTHP_BENCH_SYSROOT=DIR prefixes every /sys path, to try the
 * handling of the settings on a fake tree without a suitable kernel.
 *
 * Build: gcc -O2 -Wall -static -pthread -o mthp_bench mthp_bench.c -lm
 * Run:   mthp_bench [-m VMA_MiB] [-o ORDER_KB] [-s seconds] [-r rounds]
 * Exit 4 (kselftest skip) when not root, without THP, without the -o mTHP
 * size, without debugfs split_huge_pages, or when khugepaged collapses
 * nothing within PROBE_SECONDS; 1 on a setup error; 0 otherwise.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/utsname.h>

#define KSFT_SKIP		4

#define THP_DIR			"/sys/kernel/mm/transparent_hugepage"
#define SPLIT_DEBUGFS		"/sys/kernel/debug/split_huge_pages"

#define FAULT_PMDS		2	/* the last PMDs of the VMA: measured faults */
#define SAMPLE_SLEEP_US		200	/* after each sample */
#define SPLIT_SLEEP_US		2000	/* after each PMD the splitter splits */
#define WARMUP_US		200000	/* load on, samples not recorded yet */
#define SETTLE_US		200000	/* between phases */
#define PROBE_SECONDS		10
#define COPY_SIZE		(2UL << 20)
#define MINCORE_SIZE		(64UL << 10)
#define MAX_SIZES		16
#define MAX_RATE		5000	/* samples/s of one thread at most (sleep 200 us) */
#define NR_THREADS		5	/* fault, mmap, mincore, control, splitter */

enum { PH_IDLE, PH_CONTROL, PH_BUSY, NR_PHASES };
static const char * const phase_name[NR_PHASES] = { "idle", "control", "busy" };

enum { M_FAULT, M_MMAP, M_MINCORE, NR_METRICS };
static const char * const metric_name[NR_METRICS] = {
	"same-VMA fault", "mmap+munmap", "mincore",
};
static const char * const metric_key[NR_METRICS] = { "fault", "mmap_munmap", "mincore" };

/* A sysfs file the benchmark writes, with the value it had before. */
struct setting {
	char path[PATH_MAX];
	char name[64];		/* for the report, relative to THP_DIR */
	char saved[32];
	bool changed;		/* written by us: restore it */
};

enum {
	S_ENABLED, S_SCAN_SLEEP, S_ALLOC_SLEEP, S_PAGES_TO_SCAN, S_MAX_PTES_NONE, S_DEFRAG,
	S_FIRST_SIZE,		/* then hugepages-<N>kB/enabled of sizes[] */
};

static struct setting settings[S_FIRST_SIZE + MAX_SIZES];
static int nr_settings;
static int restored;

/* A THP size listed in THP_DIR as hugepages-<kb>kB. */
struct thp_size {
	unsigned long kb;
	unsigned int order;
};

static struct thp_size sizes[MAX_SIZES];
static int nr_sizes, chosen;	/* sizes[chosen] is the -o size */

struct counters {
	unsigned long long collapse_alloc[MAX_SIZES];
	unsigned long long split;		/* stats/split of the chosen size */
	unsigned long long fault_alloc;		/* stats/anon_fault_alloc of it */
	unsigned long long pages_collapsed;	/* khugepaged/pages_collapsed */
	unsigned long long full_scans;		/* khugepaged/full_scans */
};

struct samples {
	uint64_t *v;
	size_t n, max;
};

static char sysroot[PATH_MAX];
static bool have_stats;
static size_t pagesize, pmdsize, pmd_nr;
static size_t nr_pmds, nr_collapse_pmds;
static char *vma, *fault_base, *mincore_addr;
static char *copy_src, *copy_dst;
static pid_t pid;

static struct samples smp[NR_PHASES][NR_METRICS];
static int load_phase = -1;	/* the phase whose load runs (memcpy, splitter) */
static int rec_phase = -1;	/* the phase whose samples are recorded */
static bool quit;
static unsigned long split_writes, split_errors;
static int split_errno;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
	uint64_t end = now_ns() + ns;

	while (now_ns() < end)
		usleep(10000);
}

static bool stopping(void)
{
	return __atomic_load_n(&quit, __ATOMIC_ACQUIRE);
}

/* THP_DIR etc. under MTHP_BENCH_SYSROOT, if set */
static void mkpath(char *buf, size_t len, const char *fmt, ...)
{
	char tmp[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (snprintf(buf, len, "%s%s", sysroot, tmp) >= (int)len)
		buf[0] = 0;
}

/* The contents of a small file, without the trailing newline. */
static int read_str(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/* Async-signal-safe: also used from the signal handler. */
static int write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	int fd = open(path, O_WRONLY | O_TRUNC);	/* as the shell's "echo >" */
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static bool read_ull(const char *path, unsigned long long *v)
{
	char buf[64];

	if (read_str(path, buf, sizeof(buf)))
		return false;
	*v = strtoull(buf, NULL, 10);
	return true;
}

static unsigned long long read_thp_num(const char *fmt, ...)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	unsigned long long v = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	mkpath(path, sizeof(path), THP_DIR "/%s", tmp);
	read_ull(path, &v);
	return v;
}

/* Record a setting and the value it has now: "[madvise]" of a mode file. */
static int save_setting(int i, const char *name)
{
	struct setting *s = &settings[i];
	char buf[256], *l, *r;

	snprintf(s->name, sizeof(s->name), "%s", name);
	mkpath(s->path, sizeof(s->path), THP_DIR "/%s", name);
	if (read_str(s->path, buf, sizeof(buf)))
		return -1;
	l = strchr(buf, '[');
	r = l ? strchr(l, ']') : NULL;
	if (l && r) {
		*r = 0;
		l++;
	} else {
		l = buf;
	}
	if (strlen(l) >= sizeof(s->saved))
		return -1;
	memcpy(s->saved, l, strlen(l) + 1);
	if (i >= nr_settings)
		nr_settings = i + 1;
	return 0;
}

static void restore_settings(void)
{
	if (__atomic_exchange_n(&restored, 1, __ATOMIC_SEQ_CST))
		return;
	for (int i = nr_settings - 1; i >= 0; i--)
		if (settings[i].changed)
			write_str(settings[i].path, settings[i].saved);
}

static void restore_at_exit(void)
{
	restore_settings();
}

static void on_signal(int sig)
{
	static const char msg[] = "# mthp_bench: interrupted, THP settings restored\n";
	ssize_t ret;

	restore_settings();
	ret = write(2, msg, sizeof(msg) - 1);
	(void)ret;
	_exit(128 + sig);
}

/* Write a setting; any failure ends the benchmark (settings restored at exit). */
static void set_setting(int i, const char *val)
{
	struct setting *s = &settings[i];

	s->changed = true;
	if (write_str(s->path, val)) {
		printf("# error: cannot write \"%s\" to %s: %s\n", val, s->path, strerror(errno));
		exit(1);
	}
}

static void set_num(int i, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu", v);
	set_setting(i, buf);
}

/* khugepaged collapses the chosen order (busy) or nothing (the rest). */
static void set_collapsing(bool on)
{
	if (on) {
		set_setting(S_FIRST_SIZE + chosen, "madvise");
		set_setting(S_SCAN_SLEEP, "0");
	} else {
		set_setting(S_FIRST_SIZE + chosen, "never");
		set_setting(S_SCAN_SLEEP, settings[S_SCAN_SLEEP].saved);
	}
}

static void read_counters(struct counters *c)
{
	for (int k = 0; k < nr_sizes; k++)
		c->collapse_alloc[k] = read_thp_num("hugepages-%lukB/stats/collapse_alloc",
						    sizes[k].kb);
	c->split = read_thp_num("hugepages-%lukB/stats/split", sizes[chosen].kb);
	c->fault_alloc = read_thp_num("hugepages-%lukB/stats/anon_fault_alloc",
				      sizes[chosen].kb);
	c->pages_collapsed = read_thp_num("khugepaged/pages_collapsed");
	c->full_scans = read_thp_num("khugepaged/full_scans");
}

/* b - a of a counter, 0 if it went back (a reading failed) */
static unsigned long long delta(unsigned long long a, unsigned long long b)
{
	return b > a ? b - a : 0;
}

/* Collapses of the chosen size between two readings. */
static unsigned long long collapses(struct counters *a, struct counters *b)
{
	if (!have_stats)
		return delta(a->pages_collapsed, b->pages_collapsed);
	return delta(a->collapse_alloc[chosen], b->collapse_alloc[chosen]);
}

/* Split the large folios of [addr, addr + len) of this process to order 0. */
static bool split_range(char *addr, size_t len)
{
	char path[PATH_MAX], buf[128];

	mkpath(path, sizeof(path), SPLIT_DEBUGFS);
	snprintf(buf, sizeof(buf), "%d,0x%lx,0x%lx,0", pid, (unsigned long)addr,
		 (unsigned long)addr + len);
	return !write_str(path, buf);
}

/* PMD by PMD: each write walks its range under mmap_read_lock. */
static unsigned long split_all(char *addr, size_t npmds)
{
	unsigned long failed = 0;

	for (size_t k = 0; k < npmds; k++)
		failed += !split_range(addr + k * pmdsize, pmdsize);
	return failed;
}

/*
 * khugepaged collapses a range only if one of its pages was referenced: read
 * one byte of each block of the chosen size, which sets the accessed bit.
 */
static void touch_blocks(char *addr, size_t len)
{
	size_t block = sizes[chosen].kb << 10;

	for (size_t off = 0; off < len; off += block)
		(void)*(volatile char *)(addr + off);
}

static void add_sample(int phase, int metric, uint64_t ns)
{
	struct samples *s = &smp[phase][metric];

	/* dropped if the phase ended while it was taken */
	if (__atomic_load_n(&rec_phase, __ATOMIC_ACQUIRE) == phase && s->n < s->max)
		s->v[s->n++] = ns;
}

/* The phase being recorded, -1 when the benchmark ends. */
static int wait_recording(void)
{
	int ph;

	while ((ph = __atomic_load_n(&rec_phase, __ATOMIC_ACQUIRE)) < 0) {
		if (stopping())
			return -1;
		usleep(1000);
	}
	return ph;
}

/*
 * The i-th page of the fault region, skipping the first page of each of its
 * PMDs, which a pipe holds (see keep_out_of_collapse()).
 */
static char *fault_page(size_t i)
{
	size_t per_pmd = pmd_nr - 1, k = i % (FAULT_PMDS * per_pmd);

	return fault_base + (k / per_pmd) * pmdsize + (1 + k % per_pmd) * pagesize;
}

/*
 * A write fault on a page of the same VMA, one page of the fault region at a
 * time. The whole fault region is populated at setup and each page is
 * discarded just before it is faulted in again, so at most one page of the
 * region is none at any time. A fault allocates an mTHP only when the whole
 * naturally aligned block of that order is none (alloc_anon_folio()), so in
 * the busy phase, with the order enabled for this MADV_HUGEPAGE VMA, every
 * measured fault is still an order-0 fault, as in the other phases.
 */
static void *fault_thread(void *arg)
{
	size_t i = 0;

	(void)arg;
	while (!stopping()) {
		int ph = wait_recording();
		char *p = fault_page(i++);
		uint64_t t;

		if (ph < 0)
			break;
		if (madvise(p, pagesize, MADV_DONTNEED))
			continue;
		t = now_ns();
		*(volatile char *)p = 1;
		add_sample(ph, M_FAULT, now_ns() - t);
		usleep(SAMPLE_SLEEP_US);
	}
	return NULL;
}

static void *mmap_thread(void *arg)
{
	(void)arg;
	while (!stopping()) {
		int ph = wait_recording();
		uint64_t t;
		void *p;

		if (ph < 0)
			break;
		t = now_ns();
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			munmap(p, 4096);
		add_sample(ph, M_MMAP, now_ns() - t);
		usleep(SAMPLE_SLEEP_US);
	}
	return NULL;
}

static void *mincore_thread(void *arg)
{
	unsigned char vec[MINCORE_SIZE / 4096 + 1];

	(void)arg;
	while (!stopping()) {
		int ph = wait_recording();
		uint64_t t;

		if (ph < 0)
			break;
		t = now_ns();
		mincore(mincore_addr, MINCORE_SIZE, vec);
		add_sample(ph, M_MINCORE, now_ns() - t);
		usleep(SAMPLE_SLEEP_US);
	}
	return NULL;
}

/* The CPU-load control: copies memory, takes no lock of the process. */
static void *control_thread(void *arg)
{
	(void)arg;
	while (!stopping()) {
		if (__atomic_load_n(&load_phase, __ATOMIC_ACQUIRE) != PH_CONTROL) {
			usleep(1000);
			continue;
		}
		memcpy(copy_dst, copy_src, COPY_SIZE);
		__asm__ __volatile__("" : : "r"(copy_dst) : "memory");
	}
	return NULL;
}

/*
 * Busy phase: split the collapse region back to small pages, one PMD at a
 * time in turn, so that khugepaged always finds something to collapse.
 */
static void *splitter_thread(void *arg)
{
	size_t k = 0;

	(void)arg;
	while (!stopping()) {
		char *p;

		if (__atomic_load_n(&load_phase, __ATOMIC_ACQUIRE) != PH_BUSY) {
			usleep(1000);
			continue;
		}
		p = vma + (k++ % nr_collapse_pmds) * pmdsize;
		if (split_range(p, pmdsize)) {
			split_writes++;
		} else {
			split_errors++;
			split_errno = errno;
		}
		touch_blocks(p, pmdsize);
		usleep(SPLIT_SLEEP_US);
	}
	return NULL;
}

/*
 * Keep khugepaged out of the fault region, which is in the same VMA: a pipe
 * holds a reference to the first page of each fault PMD (vmsplice()), and
 * khugepaged's scan of a PMD gives up at a page with a reference besides its
 * mapping (SCAN_PAGE_COUNT in collapse_scan_pmd(), in 7.3 and in the
 * series). Faults are then measured next to the collapses, not inside a
 * block being collapsed. Returns false if vmsplice() failed.
 */
static bool keep_out_of_collapse(void)
{
	int fds[2];

	if (pipe(fds))
		return false;
	for (int k = 0; k < FAULT_PMDS; k++) {
		struct iovec iov = {
			.iov_base = fault_base + k * pmdsize,
			.iov_len = pagesize,
		};

		if (vmsplice(fds[1], &iov, 1, 0) != (ssize_t)pagesize)
			return false;
	}
	return true;	/* the pipe stays open to the end */
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile in microseconds (nearest rank), 0 without samples. */
static double pct(struct samples *s, double p)
{
	size_t i;

	if (!s->n)
		return 0;
	i = (size_t)(p / 100.0 * (s->n - 1) + 0.5);
	return s->v[i] / 1000.0;
}

static double ratio(struct samples *a, struct samples *b, double p)
{
	return pct(b, p) ? pct(a, p) / pct(b, p) : 0;
}

static int cmp_size(const void *a, const void *b)
{
	const struct thp_size *x = a, *y = b;

	return x->kb < y->kb ? -1 : x->kb > y->kb;
}

/* The anonymous THP sizes, hugepages-<N>kB of THP_DIR, by size. */
static int find_sizes(void)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	mkpath(path, sizeof(path), THP_DIR);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)) && nr_sizes < MAX_SIZES) {
		unsigned long kb;
		int n = 0;

		if (sscanf(d->d_name, "hugepages-%lukB%n", &kb, &n) != 1 || !n || d->d_name[n])
			continue;
		if ((kb << 10) < pagesize || (kb << 10) % pagesize)
			continue;
		/* shmem-only sizes (order 1) have no "enabled" */
		mkpath(path, sizeof(path), THP_DIR "/hugepages-%lukB/enabled", kb);
		if (access(path, F_OK))
			continue;
		sizes[nr_sizes].kb = kb;
		sizes[nr_sizes].order = __builtin_ctzl((kb << 10) / pagesize);
		nr_sizes++;
	}
	closedir(dir);
	qsort(sizes, nr_sizes, sizeof(sizes[0]), cmp_size);
	return 0;
}

static void list_sizes(char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
	for (int k = 0; k < nr_sizes && off < len; k++)
		off += snprintf(buf + off, len - off, "%s%lu", k ? " " : "", sizes[k].kb);
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-m VMA_MiB] [-o ORDER_KB] [-s seconds] [-r rounds] [-h]\n"
		"  -m  size of the VMA in MiB (default 64)\n"
		"  -o  mTHP size khugepaged collapses, in KiB, below the PMD size and listed\n"
		"      in " THP_DIR "/hugepages-*kB (default 64)\n"
		"  -s  seconds per phase (default 5)\n"
		"  -r  rounds of idle, control and busy phases (default 3)\n"
		"Runs as root; changes THP settings (restored at exit) and needs\n"
		SPLIT_DEBUGFS ". Exit 4: skipped, 1: setup error.\n", prog);
}

static bool parse_num(const char *s, long min, long max, long *v, bool kb)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	if (kb && (!strcmp(end, "k") || !strcmp(end, "K") || !strcasecmp(end, "kb")))
		end += strlen(end);
	return !errno && end != s && !*end && *v >= min && *v <= max;
}

static void skip(const char *fmt, ...)
{
	va_list ap;

	printf("# SKIP: mthp_bench: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(KSFT_SKIP);
}

/* Runs one phase; adds its time and counters to the totals of the phase. */
static void run_phase(int ph, int secs, double *elapsed, struct counters *sum,
		      unsigned long *fault_region_splits)
{
	struct counters c0, c1;
	uint64_t t0, t1;

	if (ph == PH_BUSY)
		set_collapsing(true);
	__atomic_store_n(&load_phase, ph, __ATOMIC_RELEASE);
	usleep(WARMUP_US);

	read_counters(&c0);
	t0 = now_ns();
	__atomic_store_n(&rec_phase, ph, __ATOMIC_RELEASE);
	sleep_ns(secs * 1000000000ULL);
	__atomic_store_n(&rec_phase, -1, __ATOMIC_RELEASE);
	t1 = now_ns();
	*elapsed += (t1 - t0) / 1e9;
	read_counters(&c1);

	__atomic_store_n(&load_phase, -1, __ATOMIC_RELEASE);
	for (int k = 0; k < nr_sizes; k++)
		sum->collapse_alloc[k] += delta(c0.collapse_alloc[k], c1.collapse_alloc[k]);
	sum->split += delta(c0.split, c1.split);
	sum->fault_alloc += delta(c0.fault_alloc, c1.fault_alloc);
	sum->pages_collapsed += delta(c0.pages_collapsed, c1.pages_collapsed);
	sum->full_scans += delta(c0.full_scans, c1.full_scans);

	if (ph == PH_BUSY) {
		struct counters a, b;

		set_collapsing(false);
		usleep(50000);	/* let the splitter finish its PMD */
		/* The fault region should hold no collapsed folio: count them. */
		read_counters(&a);
		split_all(fault_base, FAULT_PMDS);
		read_counters(&b);
		*fault_region_splits += delta(a.split, b.split);
		/* Next phases start from small pages, as the first one did. */
		split_all(vma, nr_collapse_pmds);
	}
	usleep(SETTLE_US);
	printf(" %s %.1f s", phase_name[ph], (t1 - t0) / 1e9);
	if (ph == PH_BUSY)
		printf(" (%llu collapses, %llu splits)", collapses(&c0, &c1),
		       delta(c0.split, c1.split));
	fflush(stdout);
}

/* Is there a khugepaged thread (it stops while no THP size is enabled)? */
static bool khugepaged_running(void)
{
	char path[64], comm[32];
	struct dirent *d;
	bool found = false;
	DIR *dir = opendir("/proc");

	if (!dir)
		return false;
	while (!found && (d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/comm", d->d_name);
		found = !read_str(path, comm, sizeof(comm)) && !strcmp(comm, "khugepaged");
	}
	closedir(dir);
	return found;
}

/* Does khugepaged collapse the chosen size here, within PROBE_SECONDS? */
static void probe(void)
{
	struct counters c0, c1;
	uint64_t t0 = now_ns();
	unsigned long long n = 0;

	read_counters(&c0);
	set_collapsing(true);
	/*
	 * MADV_HUGEPAGE registers the process with khugepaged
	 * (khugepaged_enter_vma()) if the order is enabled for the VMA and
	 * the VMA has an anon_vma already: after the first fault, so here.
	 */
	if (madvise(vma, nr_pmds * pmdsize, MADV_HUGEPAGE)) {
		printf("# error: MADV_HUGEPAGE: %s\n", strerror(errno));
		exit(1);
	}
	while (now_ns() - t0 < PROBE_SECONDS * 1000000000ULL) {
		usleep(100000);
		read_counters(&c1);
		/* a PMD range in which at least one collapse succeeded */
		n = delta(c0.pages_collapsed, c1.pages_collapsed);
		if (n)
			break;
	}
	if (!n) {
		printf("# probe: checked for %d s, with hugepages-%lukB/enabled=madvise,"
		       " scan_sleep_millisecs=0,\n"
		       "#   max_ptes_none=%zu and a %zu MiB MADV_HUGEPAGE VMA of small pages:\n",
		       PROBE_SECONDS, sizes[chosen].kb, pmd_nr - 1, nr_pmds * pmdsize >> 20);
		if (have_stats)
			printf("#   hugepages-%lukB/stats/collapse_alloc %llu -> %llu,"
			       " collapse_alloc_failed %llu\n", sizes[chosen].kb,
			       c0.collapse_alloc[chosen], c1.collapse_alloc[chosen],
			       read_thp_num("hugepages-%lukB/stats/collapse_alloc_failed",
					    sizes[chosen].kb));
		printf("#   khugepaged/pages_collapsed %llu -> %llu, khugepaged/full_scans"
		       " %llu -> %llu, khugepaged thread %s\n", c0.pages_collapsed,
		       c1.pages_collapsed, c0.full_scans, c1.full_scans,
		       khugepaged_running() ? "running" : "not found in /proc");
		skip("khugepaged collapsed no %lu kB folio within %d s", sizes[chosen].kb,
		     PROBE_SECONDS);
	}
	set_collapsing(false);
	printf("# probe: khugepaged collapsed %lu kB folios in %.1f s (pages_collapsed +%llu,"
	       " collapse_alloc +%llu)\n", sizes[chosen].kb, (now_ns() - t0) / 1e9, n,
	       delta(c0.collapse_alloc[chosen], c1.collapse_alloc[chosen]));
	usleep(50000);
	read_counters(&c0);
	split_all(vma, nr_collapse_pmds);
	read_counters(&c1);
	if (c1.split == c0.split)
		printf("# warning: %s split no %lu kB folio after the probe\n", SPLIT_DEBUGFS,
		       sizes[chosen].kb);
}

int main(int argc, char **argv)
{
	long mib = 64, okb = 64, secs = 5, rounds = 3;
	struct counters sum[NR_PHASES];
	double elapsed[NR_PHASES] = { 0 };
	unsigned long fault_region_splits = 0;
	char buf[256], path[PATH_MAX];
	const char *env;
	struct utsname u;
	struct sigaction sa;
	sigset_t sigs, oldsigs;
	static void *(* const thread_fn[])(void *) = {
		fault_thread, mmap_thread, mincore_thread, control_thread, splitter_thread,
	};
	pthread_t th[NR_THREADS];
	size_t max_samples, pages_to_scan;
	char *raw;
	int opt;

	while ((opt = getopt(argc, argv, "m:o:s:r:h")) != -1) {
		switch (opt) {
		case 'm':
			if (!parse_num(optarg, 1, 1L << 20, &mib, false))
				goto bad;
			break;
		case 'o':
			if (!parse_num(optarg, 1, 1L << 30, &okb, true))
				goto bad;
			break;
		case 's':
			if (!parse_num(optarg, 1, 3600, &secs, false))
				goto bad;
			break;
		case 'r':
			if (!parse_num(optarg, 1, 1000, &rounds, false))
				goto bad;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument \"%s\"\n", argv[0], argv[optind]);
		usage(stderr, argv[0]);
		return 1;
	}

	env = getenv("MTHP_BENCH_SYSROOT");
	if (env)
		snprintf(sysroot, sizeof(sysroot), "%s", env);
	setvbuf(stdout, NULL, _IOLBF, 0);
	pagesize = getpagesize();
	pid = getpid();
	uname(&u);
	printf("# mthp_bench: latency seen by a process while khugepaged collapses its anon"
	       " memory into mTHPs\n");
	printf("# kernel: %s %s %s\n", u.release, u.version, u.machine);
	printf("# cpus: %ld online, page size %zu\n", sysconf(_SC_NPROCESSORS_ONLN), pagesize);
	printf("# options: VMA %ld MiB, mTHP %ld kB, %ld s per phase, %ld rounds of idle,"
	       " control, busy\n", mib, okb, secs, rounds);
	if (sysroot[0])
		printf("# MTHP_BENCH_SYSROOT=%s: sysfs and debugfs paths under it\n", sysroot);

	/* What the kernel has: THP, the PMD size, the mTHP sizes. */
	mkpath(path, sizeof(path), THP_DIR "/enabled");
	if (access(path, F_OK))
		skip("THP not available: no %s", path);
	mkpath(path, sizeof(path), THP_DIR "/hpage_pmd_size");
	if (!read_str(path, buf, sizeof(buf)))
		pmdsize = strtoul(buf, NULL, 10);
	if (!pmdsize || pmdsize % pagesize)
		skip("THP not available: cannot read the PMD size from %s", path);
	pmd_nr = pmdsize / pagesize;
	if (find_sizes() || !nr_sizes)
		skip("no THP sizes in %s", THP_DIR);
	list_sizes(buf, sizeof(buf));
	chosen = -1;
	for (int k = 0; k < nr_sizes; k++)
		if (sizes[k].kb == (unsigned long)okb)
			chosen = k;
	if ((unsigned long)okb << 10 >= pmdsize) {
		printf("# error: -o %ld: the mTHP size must be below the PMD size (%zu kB)\n",
		       okb, pmdsize >> 10);
		return 1;
	}
	if (chosen < 0)
		skip("no %ld kB anonymous mTHP size: no %s/hugepages-%ldkB/enabled"
		     " (sizes here, kB: %s)", okb, THP_DIR, okb, buf);
	if (sizes[chosen].order < 2)
		skip("khugepaged collapses orders >= 2 only, %ld kB is order %u", okb,
		     sizes[chosen].order);
	nr_pmds = ((size_t)mib << 20) / pmdsize;
	if (nr_pmds < FAULT_PMDS + 1) {
		printf("# error: -m %ld: the VMA must hold at least %d PMDs (%zu MiB)\n", mib,
		       FAULT_PMDS + 1, (FAULT_PMDS + 1) * pmdsize >> 20);
		return 1;
	}
	nr_collapse_pmds = nr_pmds - FAULT_PMDS;
	/* the whole VMA per pass: fewer lru_add_drain_all() between passes */
	pages_to_scan = nr_pmds * pmd_nr > 8 * pmd_nr ? nr_pmds * pmd_nr : 8 * pmd_nr;
	mkpath(path, sizeof(path), THP_DIR "/hugepages-%lukB/stats/collapse_alloc",
	       sizes[chosen].kb);
	have_stats = !access(path, R_OK);

	/* Everything it will change, with the values it has now. */
	if (save_setting(S_ENABLED, "enabled") ||
	    save_setting(S_SCAN_SLEEP, "khugepaged/scan_sleep_millisecs") ||
	    save_setting(S_ALLOC_SLEEP, "khugepaged/alloc_sleep_millisecs") ||
	    save_setting(S_PAGES_TO_SCAN, "khugepaged/pages_to_scan") ||
	    save_setting(S_MAX_PTES_NONE, "khugepaged/max_ptes_none") ||
	    save_setting(S_DEFRAG, "khugepaged/defrag")) {
		printf("# error: cannot read the khugepaged settings in %s/khugepaged: %s\n",
		       THP_DIR, strerror(errno));
		return 1;
	}
	for (int k = 0; k < nr_sizes; k++) {
		snprintf(buf, sizeof(buf), "hugepages-%lukB/enabled", sizes[k].kb);
		if (save_setting(S_FIRST_SIZE + k, buf)) {
			printf("# error: cannot read %s/%s: %s\n", THP_DIR, buf, strerror(errno));
			return 1;
		}
	}

	printf("# settings in %s (restored at exit), before -> during the run:\n", THP_DIR);
	printf("#   %-36s %s -> never\n", "enabled", settings[S_ENABLED].saved);
	for (int k = 0; k < nr_sizes; k++) {
		const struct setting *s = &settings[S_FIRST_SIZE + k];

		if (k == chosen)
			printf("#   %-36s %s -> never, madvise in busy phases (order %u)\n",
			       s->name, s->saved, sizes[k].order);
		else
			printf("#   %-36s %s -> never\n", s->name, s->saved);
	}
	printf("#   %-36s %s -> %s, 0 in busy phases\n", settings[S_SCAN_SLEEP].name,
	       settings[S_SCAN_SLEEP].saved, settings[S_SCAN_SLEEP].saved);
	printf("#   %-36s %s -> 10\n", settings[S_ALLOC_SLEEP].name,
	       settings[S_ALLOC_SLEEP].saved);
	printf("#   %-36s %s -> %zu\n", settings[S_PAGES_TO_SCAN].name,
	       settings[S_PAGES_TO_SCAN].saved, pages_to_scan);
	printf("#   %-36s %s -> %zu (mTHP collapse takes 0 or %zu only)\n",
	       settings[S_MAX_PTES_NONE].name, settings[S_MAX_PTES_NONE].saved, pmd_nr - 1,
	       pmd_nr - 1);
	printf("#   %-36s %s -> 0 (no direct compaction by khugepaged)\n",
	       settings[S_DEFRAG].name, settings[S_DEFRAG].saved);
	printf("# collapses: %s\n", have_stats ?
	       "hugepages-<N>kB/stats/collapse_alloc (folios allocated for collapses)" :
	       "no stats/collapse_alloc here: khugepaged/pages_collapsed (PMD ranges) instead");
	printf("# collapse path (mmap_write_lock as in mainline 7.3, or the VMA read lock of"
	       " the series):\n#   not known to this program; compare with a boot of the"
	       " other kernel\n");
	printf("bench: mthp_bench -m %ld -o %ld -s %ld -r %ld\n", mib, okb, secs, rounds);

	/* What it needs to run: root, debugfs split_huge_pages. */
	if (geteuid() && !sysroot[0])
		skip("must run as root: it changes the THP settings in %s", THP_DIR);
	mkpath(path, sizeof(path), SPLIT_DEBUGFS);
	if (access(path, W_OK))
		skip("no writable %s (%s): CONFIG_DEBUG_FS, debugfs mounted at"
		     " /sys/kernel/debug?", path, strerror(errno));

	/* From here on, every setting written is restored at exit. */
	atexit(restore_at_exit);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	set_setting(S_ENABLED, "never");
	for (int k = 0; k < nr_sizes; k++)
		set_setting(S_FIRST_SIZE + k, "never");
	set_setting(S_ALLOC_SLEEP, "10");
	set_num(S_PAGES_TO_SCAN, pages_to_scan);
	set_num(S_MAX_PTES_NONE, pmd_nr - 1);
	set_setting(S_DEFRAG, "0");

	/* The VMA, PMD-aligned, trimmed to exactly nr_pmds PMDs. */
	raw = mmap(NULL, (nr_pmds + 1) * pmdsize, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED) {
		printf("# error: mmap of %zu MiB: %s\n", nr_pmds * pmdsize >> 20, strerror(errno));
		return 1;
	}
	vma = (char *)(((uintptr_t)raw + pmdsize - 1) & ~(pmdsize - 1));
	if (vma > raw)
		munmap(raw, vma - raw);
	munmap(vma + nr_pmds * pmdsize, raw + pmdsize - vma);
	/* Populated with small pages: every THP size "never". */
	for (size_t off = 0; off < nr_pmds * pmdsize; off += pagesize)
		vma[off] = 1;
	fault_base = vma + nr_collapse_pmds * pmdsize;
	mincore_addr = vma + nr_pmds * pmdsize - MINCORE_SIZE;
	if (!keep_out_of_collapse())
		printf("# warning: vmsplice: %s: khugepaged may collapse the fault region too\n",
		       strerror(errno));

	copy_src = mmap(NULL, 2 * COPY_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (copy_src == MAP_FAILED) {
		printf("# error: mmap: %s\n", strerror(errno));
		return 1;
	}
	copy_dst = copy_src + COPY_SIZE;
	memset(copy_src, 0x5a, 2 * COPY_SIZE);

	probe();

	max_samples = (size_t)rounds * secs * MAX_RATE + 1024;
	for (int ph = 0; ph < NR_PHASES; ph++) {
		memset(&sum[ph], 0, sizeof(sum[ph]));
		for (int m = 0; m < NR_METRICS; m++) {
			smp[ph][m].v = malloc(max_samples * sizeof(uint64_t));
			smp[ph][m].max = max_samples;
			if (!smp[ph][m].v) {
				printf("# error: cannot allocate the samples\n");
				return 1;
			}
			/* no fault on the arrays while measuring */
			memset(smp[ph][m].v, 0, max_samples * sizeof(uint64_t));
		}
	}
	/* Signals go to the main thread, the only one that writes settings. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &oldsigs);
	for (int i = 0; i < NR_THREADS; i++) {
		if (pthread_create(&th[i], NULL, thread_fn[i], NULL)) {
			printf("# error: pthread_create failed\n");
			return 1;
		}
	}
	pthread_sigmask(SIG_SETMASK, &oldsigs, NULL);

	for (int r = 0; r < rounds; r++) {
		printf("# round %d/%ld:", r + 1, rounds);
		for (int ph = 0; ph < NR_PHASES; ph++)
			run_phase(ph, secs, &elapsed[ph], &sum[ph], &fault_region_splits);
		printf("\n");
	}
	__atomic_store_n(&quit, true, __ATOMIC_RELEASE);
	for (int i = 0; i < NR_THREADS; i++)
		pthread_join(th[i], NULL);
	restore_settings();
	printf("# THP settings restored\n");

	for (int ph = 0; ph < NR_PHASES; ph++)
		for (int m = 0; m < NR_METRICS; m++)
			qsort(smp[ph][m].v, smp[ph][m].n, sizeof(uint64_t), cmp_u64);

	printf("\n# latencies in microseconds, %ld rounds x %ld s per phase\n", rounds, secs);
	printf("%-16s %-8s %8s %10s %10s %10s %10s\n",
	       "metric", "phase", "samples", "p50", "p99", "p99.9", "max");
	for (int m = 0; m < NR_METRICS; m++) {
		for (int ph = 0; ph < NR_PHASES; ph++) {
			struct samples *s = &smp[ph][m];

			printf("%-16s %-8s %8zu %10.1f %10.1f %10.1f %10.1f\n", metric_name[m],
			       phase_name[ph], s->n, pct(s, 50), pct(s, 99), pct(s, 99.9),
			       pct(s, 100));
		}
	}

	snprintf(buf, sizeof(buf), "%lukB collapses/s", sizes[chosen].kb);
	printf("\n%-8s %8s %18s %10s %12s %12s\n", "phase", "seconds", buf, "splits/s",
	       "pmds-coll/s", "fault-mthps");
	for (int ph = 0; ph < NR_PHASES; ph++) {
		double t = elapsed[ph] ? elapsed[ph] : 1;

		printf("%-8s %8.1f %18.1f %10.1f %12.1f %12llu\n", phase_name[ph], elapsed[ph],
		       (have_stats ? sum[ph].collapse_alloc[chosen] : sum[ph].pages_collapsed) / t,
		       sum[ph].split / t, sum[ph].pages_collapsed / t, sum[ph].fault_alloc);
		for (int k = 0; k < nr_sizes; k++)
			if (k != chosen && sum[ph].collapse_alloc[k])
				printf("%-8s also %lu kB collapses/s: %.1f\n", "",
				       sizes[k].kb, sum[ph].collapse_alloc[k] / t);
	}
	if (have_stats)
		printf("# collapses/s: stats/collapse_alloc, counted when khugepaged has allocated"
		       " the folio,\n#   before it checks the range: an attempt that backs off"
		       " (e.g. on a block that\n#   already is a %lu kB folio) counts too, an upper"
		       " bound\n", sizes[chosen].kb);
	else
		printf("# collapses/s: khugepaged/pages_collapsed (no stats/collapse_alloc)\n");
	printf("# splits/s: stats/split; the splitter splits each collapsed folio of the region"
	       " once:\n#   in busy phases, about the rate of successful collapses\n"
	       "# pmds-coll/s: khugepaged/pages_collapsed, PMD ranges with a successful"
	       " collapse\n# fault-mthps: %lu kB folios allocated at fault (expected 0)\n",
	       sizes[chosen].kb);
	printf("# %lu kB folios split in the fault region after busy phases: %lu (expected 0)\n"
	       "# splitter: %lu writes, %lu failed%s%s\n", sizes[chosen].kb, fault_region_splits,
	       split_writes, split_errors, split_errors ? ": " : "",
	       split_errors ? strerror(split_errno) : "");

	printf("\n%-16s %10s %13s\n", "p99 ratios", "busy/idle", "control/idle");
	for (int m = 0; m < NR_METRICS; m++)
		printf("%-16s %10.2f %13.2f\n", metric_name[m],
		       ratio(&smp[PH_BUSY][m], &smp[PH_IDLE][m], 99),
		       ratio(&smp[PH_CONTROL][m], &smp[PH_IDLE][m], 99));
	for (int m = 0; m < NR_METRICS; m++)
		printf("%s p99 busy/idle = %.2f, control/idle = %.2f\n", metric_name[m],
		       ratio(&smp[PH_BUSY][m], &smp[PH_IDLE][m], 99),
		       ratio(&smp[PH_CONTROL][m], &smp[PH_IDLE][m], 99));
	printf("# busy/idle well above control/idle: the collapses delay the process beyond"
	       " the CPU\n#   they take; compare both ratios with a boot of the other kernel\n");

	for (int ph = 0; ph < NR_PHASES; ph++) {
		for (int m = 0; m < NR_METRICS; m++) {
			struct samples *s = &smp[ph][m];

			printf("mthp_bench: phase=%s metric=%s p50=%.1f p99=%.1f p999=%.1f"
			       " max=%.1f n=%zu unit=us\n", phase_name[ph], metric_key[m],
			       pct(s, 50), pct(s, 99), pct(s, 99.9), pct(s, 100), s->n);
		}
	}
	for (int ph = 0; ph < NR_PHASES; ph++) {
		double t = elapsed[ph] ? elapsed[ph] : 1;
		unsigned long long all = 0;

		for (int k = 0; k < nr_sizes; k++)
			all += sum[ph].collapse_alloc[k];
		printf("mthp_bench: rate phase=%s size_kb=%lu order=%u collapses_per_s=%.1f"
		       " all_orders_per_s=%.1f splits_per_s=%.1f pmds_collapsed_per_s=%.1f"
		       " fault_mthp_allocs=%llu seconds=%.1f counter=%s\n", phase_name[ph],
		       sizes[chosen].kb, sizes[chosen].order,
		       (have_stats ? sum[ph].collapse_alloc[chosen] : sum[ph].pages_collapsed) / t,
		       all / t, sum[ph].split / t, sum[ph].pages_collapsed / t,
		       sum[ph].fault_alloc, elapsed[ph],
		       have_stats ? "collapse_alloc" : "pages_collapsed");
	}
	for (int m = 0; m < NR_METRICS; m++)
		printf("mthp_bench: ratio metric=%s busy_idle_p99=%.2f control_idle_p99=%.2f\n",
		       metric_key[m], ratio(&smp[PH_BUSY][m], &smp[PH_IDLE][m], 99),
		       ratio(&smp[PH_CONTROL][m], &smp[PH_IDLE][m], 99));
	/* For make ab (scripts/ab.sh): "metric NAME VALUE UNIT" */
	for (int m = 0; m < NR_METRICS; m++) {
		printf("metric %s_p99_busy_idle_%lukB %.3f x\n", metric_key[m], sizes[chosen].kb,
		       ratio(&smp[PH_BUSY][m], &smp[PH_IDLE][m], 99));
		printf("metric %s_p99_control_idle_%lukB %.3f x\n", metric_key[m],
		       sizes[chosen].kb, ratio(&smp[PH_CONTROL][m], &smp[PH_IDLE][m], 99));
	}
	printf("metric collapses_per_s_%lukB %.1f 1/s\n", sizes[chosen].kb,
	       sum[PH_BUSY].split / (elapsed[PH_BUSY] ? elapsed[PH_BUSY] : 1));
	return 0;

bad:
	fprintf(stderr, "%s: bad value \"%s\" for -%c\n", argv[0], optarg, opt);
	usage(stderr, argv[0]);
	return 1;
}
