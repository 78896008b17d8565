// SPDX-License-Identifier: GPL-2.0
/*
 * collapse_bench: latency seen by the rest of a process while its anon
 * memory is collapsed into THPs, legacy (mmap_write_lock) versus lock-held
 * collapse, in one boot.
 *
 * A collapser thread runs MADV_COLLAPSE over the PMDs of a large anon VMA
 * populated with small pages, re-populating each PMD with small pages
 * (MADV_DONTNEED of the PMD, then a write to every page) after each
 * collapse. Meanwhile three threads measure, each sample timed with
 * CLOCK_MONOTONIC and followed by a short sleep:
 *   fault    a write fault on a page of the same VMA outside the PMDs being
 *            collapsed (the pages are discarded with one MADV_DONTNEED
 *            every FAULT_PMDS * 512 samples, outside the timed section);
 *   mmap     mmap() + munmap() of an unrelated 4 KiB anonymous mapping;
 *   mincore  mincore() of 64 KiB of the VMA (an mmap_lock reader).
 * It flips /sys/kernel/mm/transparent_hugepage/khugepaged/collapse_lockheld
 * (and collapse_lockheld_vma, where the kernel has it) itself and
 * interleaves phases of the paths: legacy, lock-held under mmap_read_lock
 * ("lh-mmap"), lock-held under the VMA lock only ("lh-vma"), legacy, ...
 * Reported per path: p50/p99/p99.9/max of each latency, collapses per
 * second, and the lock hold time per collapse from /proc/vmstat
 * (thp_collapse_legacy_mmap_write_ns / thp_collapse_legacy,
 * thp_collapse_lockheld_ptl_ns / thp_collapse_lockheld).
 *
 * Build: gcc -O2 -Wall -static -pthread -o collapse_bench collapse_bench.c -lm
 * Run:   collapse_bench [-m VMA_MiB] [-r rounds] [-s seconds_per_phase]
 * Exit 4 (skip) without MADV_COLLAPSE or the collapse_lockheld switch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

#define PMD_SIZE	(2UL << 20)
#define SWITCH		"/sys/kernel/mm/transparent_hugepage/khugepaged/collapse_lockheld"
#define VMA_SWITCH	SWITCH "_vma"
#define THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"
#define FAULT_PMDS	2	/* the last PMDs: measured faults, never collapsed */
#define MAX_SAMPLES	(1 << 20)

enum { M_FAULT, M_MMAP, M_MINCORE, NR_METRICS };
static const char * const metric_name[NR_METRICS] = {
	"fault", "mmap+munmap", "mincore",
};

struct samples {
	uint64_t *v;
	size_t n;
};

enum { P_LEGACY, P_MMAP, P_VMA, MAX_PATHS };
static const char * const path_name[MAX_PATHS] = { "legacy", "lh-mmap", "lh-vma" };
static int npaths = 2;

static struct samples smp[MAX_PATHS][NR_METRICS];	/* [path][metric] */
static char *vma;
static size_t vma_size, nr_pmds, pagesize;
static int phase_path;
static bool running, quit;
static unsigned long phase_collapses;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static bool is_running(void)
{
	return __atomic_load_n(&running, __ATOMIC_ACQUIRE);
}

static void add_sample(int metric, uint64_t ns)
{
	struct samples *s = &smp[__atomic_load_n(&phase_path, __ATOMIC_RELAXED)][metric];

	if (s->n < MAX_SAMPLES)
		s->v[s->n++] = ns;
}

static void wait_phase(void)
{
	while (!is_running() && !__atomic_load_n(&quit, __ATOMIC_ACQUIRE))
		usleep(1000);
}

static void populate_pmd(char *p)
{
	for (size_t off = 0; off < PMD_SIZE; off += pagesize)
		p[off] = 1;
}

static void *collapser(void *arg)
{
	size_t k = 0;

	while (!__atomic_load_n(&quit, __ATOMIC_ACQUIRE)) {
		char *p;

		wait_phase();
		if (!is_running())
			continue;
		p = vma + (k % (nr_pmds - FAULT_PMDS)) * PMD_SIZE;
		k++;
		if (!madvise(p, PMD_SIZE, MADV_COLLAPSE))
			__atomic_add_fetch(&phase_collapses, 1, __ATOMIC_RELAXED);
		madvise(p, PMD_SIZE, MADV_DONTNEED);
		populate_pmd(p);
	}
	return NULL;
}

static void *fault_thread(void *arg)
{
	char *base = vma + (nr_pmds - FAULT_PMDS) * PMD_SIZE;
	size_t i = 0, n = FAULT_PMDS * PMD_SIZE / pagesize;

	while (!__atomic_load_n(&quit, __ATOMIC_ACQUIRE)) {
		char *p = base + (i++ % n) * pagesize;
		uint64_t t;

		wait_phase();
		/* Discard the measured pages in one go, outside the samples. */
		if (!(i % n) || p == base)
			madvise(base, FAULT_PMDS * PMD_SIZE, MADV_DONTNEED);
		t = now_ns();
		*(volatile char *)p = 1;
		if (is_running())
			add_sample(M_FAULT, now_ns() - t);
		usleep(200);
	}
	return NULL;
}

static void *mmap_thread(void *arg)
{
	while (!__atomic_load_n(&quit, __ATOMIC_ACQUIRE)) {
		uint64_t t;
		void *p;

		wait_phase();
		t = now_ns();
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			munmap(p, 4096);
		if (is_running())
			add_sample(M_MMAP, now_ns() - t);
		usleep(200);
	}
	return NULL;
}

static void *mincore_thread(void *arg)
{
	unsigned char vec[16];
	char *p = vma + (nr_pmds - 1) * PMD_SIZE;

	while (!__atomic_load_n(&quit, __ATOMIC_ACQUIRE)) {
		uint64_t t;

		wait_phase();
		t = now_ns();
		mincore(p, 16 * pagesize, vec);
		if (is_running())
			add_sample(M_MINCORE, now_ns() - t);
		usleep(200);
	}
	return NULL;
}

static unsigned long long read_vmstat(const char *name)
{
	char line[256];
	unsigned long long v = 0;
	size_t len = strlen(name);
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, len) && line[len] == ' ') {
			v = strtoull(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double pct(struct samples *s, double p)
{
	size_t i;

	if (!s->n)
		return 0;
	i = (size_t)(p / 100.0 * (s->n - 1) + 0.5);
	return s->v[i] / 1000.0;
}

/* a's percentile p over b's, 0 if b has none */
static double ratio(struct samples *a, struct samples *b, double p)
{
	return pct(b, p) ? pct(a, p) / pct(b, p) : 0;
}

int main(int argc, char **argv)
{
	int rounds = 3, secs = 3, mib = 64, opt;
	double coll_rate[MAX_PATHS] = { 0 }, hold_us[MAX_PATHS] = { 0 };
	unsigned long coll[MAX_PATHS] = { 0 };
	unsigned long long ns0, cnt0, ns_sum[MAX_PATHS] = { 0 }, cnt_sum[MAX_PATHS] = { 0 };
	double elapsed[MAX_PATHS] = { 0 };
	char saved_switch[8] = "1", saved_vma[8] = "1", thp[128] = "";
	int best;
	pthread_t th[4];
	char *raw;
	int fd;

	while ((opt = getopt(argc, argv, "m:r:s:")) != -1) {
		switch (opt) {
		case 'm':
			mib = atoi(optarg);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 's':
			secs = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-m MiB] [-r rounds] [-s secs]\n", argv[0]);
			return 2;
		}
	}
	pagesize = getpagesize();

	fd = open(SWITCH, O_RDWR);
	if (fd < 0) {
		printf("# SKIP: %s not available\n", SWITCH);
		return 4;
	}
	if (read(fd, saved_switch, sizeof(saved_switch) - 1) <= 0)
		strcpy(saved_switch, "1");
	close(fd);
	fd = open(VMA_SWITCH, O_RDWR);
	if (fd >= 0) {
		npaths = 3;
		if (read(fd, saved_vma, sizeof(saved_vma) - 1) <= 0)
			strcpy(saved_vma, "1");
		close(fd);
	}
	printf("# collapse_bench -m %d -r %d -s %d: VMA %d MiB of small pages, %d rounds of\n"
	       "# (%s%s%s) phases of %d s each, interleaved; latencies in us\n",
	       mib, rounds, secs, mib, rounds, path_name[0], ", lh-mmap",
	       npaths > 2 ? ", lh-vma" : "", secs);
	fd = open(THP_ENABLED, O_RDONLY);
	if (fd >= 0) {
		if (read(fd, thp, sizeof(thp) - 1) < 0)
			thp[0] = 0;
		close(fd);
	}
	if (strstr(thp, "[always]"))
		write_str(THP_ENABLED, "madvise");

	nr_pmds = (size_t)mib * (1 << 20) / PMD_SIZE;
	if (nr_pmds < FAULT_PMDS + 1)
		nr_pmds = FAULT_PMDS + 1;
	vma_size = nr_pmds * PMD_SIZE;
	raw = mmap(NULL, vma_size + PMD_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	vma = (char *)(((uintptr_t)raw + PMD_SIZE - 1) & ~(PMD_SIZE - 1));
	for (size_t k = 0; k < nr_pmds; k++)
		populate_pmd(vma + k * PMD_SIZE);
	if (madvise(vma, PMD_SIZE, MADV_COLLAPSE) && errno == EINVAL) {
		printf("# SKIP: MADV_COLLAPSE not supported\n");
		return 4;
	}
	madvise(vma, PMD_SIZE, MADV_DONTNEED);
	populate_pmd(vma);

	for (int l = 0; l < npaths; l++)
		for (int m = 0; m < NR_METRICS; m++)
			smp[l][m].v = malloc(MAX_SAMPLES * sizeof(uint64_t));

	pthread_create(&th[0], NULL, collapser, NULL);
	pthread_create(&th[1], NULL, fault_thread, NULL);
	pthread_create(&th[2], NULL, mmap_thread, NULL);
	pthread_create(&th[3], NULL, mincore_thread, NULL);

	for (int r = 0; r < npaths * rounds; r++) {
		int l = r % npaths;
		const char *ns_name = l ? "thp_collapse_lockheld_ptl_ns" :
					  "thp_collapse_legacy_mmap_write_ns";
		const char *cnt_name = l ? "thp_collapse_lockheld" :
					   "thp_collapse_legacy";
		uint64_t t0;

		write_str(SWITCH, l ? "1" : "0");
		if (npaths > 2)
			write_str(VMA_SWITCH, l == P_VMA ? "1" : "0");
		__atomic_store_n(&phase_path, l, __ATOMIC_RELAXED);
		__atomic_store_n(&phase_collapses, 0, __ATOMIC_RELAXED);
		ns0 = read_vmstat(ns_name);
		cnt0 = read_vmstat(cnt_name);
		t0 = now_ns();
		__atomic_store_n(&running, true, __ATOMIC_RELEASE);
		sleep(secs);
		__atomic_store_n(&running, false, __ATOMIC_RELEASE);
		elapsed[l] += (now_ns() - t0) / 1e9;
		coll[l] += __atomic_load_n(&phase_collapses, __ATOMIC_RELAXED);
		ns_sum[l] += read_vmstat(ns_name) - ns0;
		cnt_sum[l] += read_vmstat(cnt_name) - cnt0;
		usleep(100000);	/* let the threads finish their sample */
	}
	__atomic_store_n(&quit, true, __ATOMIC_RELEASE);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	write_str(SWITCH, saved_switch);
	if (npaths > 2)
		write_str(VMA_SWITCH, saved_vma);
	if (strstr(thp, "[always]"))
		write_str(THP_ENABLED, "always");

	for (int l = 0; l < npaths; l++) {
		coll_rate[l] = elapsed[l] ? coll[l] / elapsed[l] : 0;
		hold_us[l] = cnt_sum[l] ? ns_sum[l] / 1000.0 / cnt_sum[l] : 0;
		for (int m = 0; m < NR_METRICS; m++)
			qsort(smp[l][m].v, smp[l][m].n, sizeof(uint64_t), cmp_u64);
	}

	printf("%-12s %-14s %8s %10s %10s %10s %10s\n",
	       "metric", "path", "samples", "p50", "p99", "p99.9", "max");
	for (int m = 0; m < NR_METRICS; m++) {
		for (int l = 0; l < npaths; l++) {
			struct samples *s = &smp[l][m];

			printf("%-12s %-14s %8zu %10.1f %10.1f %10.1f %10.1f\n",
			       metric_name[m], path_name[l], s->n,
			       pct(s, 50), pct(s, 99), pct(s, 99.9), pct(s, 100));
		}
		for (int l = 1; l < npaths; l++) {
			char name[32];

			snprintf(name, sizeof(name), "legacy/%s", path_name[l]);
			printf("%-12s %-14s %8s %10.2f %10.2f %10.2f %10.2f\n",
			       metric_name[m], name, "ratio",
			       ratio(&smp[0][m], &smp[l][m], 50), ratio(&smp[0][m], &smp[l][m], 99),
			       ratio(&smp[0][m], &smp[l][m], 99.9),
			       ratio(&smp[0][m], &smp[l][m], 100));
		}
	}
	printf("%-22s", "");
	for (int l = 0; l < npaths; l++)
		printf(" %12s", path_name[l]);
	printf("\n%-22s", "collapses/s");
	for (int l = 0; l < npaths; l++)
		printf(" %12.1f", coll_rate[l]);
	printf("\n%-22s", "lock hold us/collapse");
	for (int l = 0; l < npaths; l++)
		printf(" %12.1f", hold_us[l]);
	printf("\n# lock hold: legacy = mmap_write_lock, lh-* = PMD lock (vmstat ns / collapses)\n");
	/* for plots and comparisons: "metric NAME VALUE UNIT" */
	for (int m = 0; m < NR_METRICS; m++)
		for (int l = 0; l < npaths; l++)
			printf("metric %s_%s_p99 %.1f us\n", metric_name[m], path_name[l],
			       pct(&smp[l][m], 99));
	best = npaths - 1;	/* the kernel's default */
	printf("# goals (legacy vs %s): fault p99 legacy/lock-held >= 10: %s; "
	       "throughput lock-held/legacy >= 0.9: %s (%.2f)\n", path_name[best],
	       ratio(&smp[0][M_FAULT], &smp[best][M_FAULT], 99) >= 10 ? "met" : "NOT met",
	       coll_rate[0] && coll_rate[best] / coll_rate[0] >= 0.9 ? "met" : "NOT met",
	       coll_rate[0] ? coll_rate[best] / coll_rate[0] : 0);
	return 0;
}
