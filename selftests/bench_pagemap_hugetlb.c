// SPDX-License-Identifier: GPL-2.0
/*
 * bench_pagemap_hugetlb: the cost of reading /proc/self/pagemap over a
 * hugetlb mapping, to compare the page-table walk bracket before and after
 * (vma_pgtable_walk_begin() no longer takes the resv_map lock of private
 * mappings).
 *
 * Maps as many free default-size huge pages as allowed (or -n), populates
 * them, then reads the pagemap entries of the whole mapping -r times (after
 * one warm-up) and prints the median, min and max, in ns per 8-byte entry
 * and in ms per read.  With -j N, N threads read concurrently (each the whole
 * mapping) and the per-read times of all threads are pooled: the private
 * mapping's resv_map rw_sema, taken once per huge page before the change,
 * is shared by them.  -s uses a MAP_SHARED memfd mapping instead (its walks
 * keep taking the hugetlb vma lock), as a control.
 *
 * Build: gcc -O2 -Wall -static -pthread -o bench_pagemap_hugetlb \
 *            bench_pagemap_hugetlb.c
 * Run:   bench_pagemap_hugetlb [-n hugepages] [-r runs] [-j threads] [-s]
 * Output: one "# ..." header line with the setup, then one result line:
 *   pagemap-hugetlb <private|shared> MiB=<m> entries=<e> threads=<j>
 *   runs=<r> median_ns_per_entry=<x> min=<y> max=<z> median_ms_per_read=<w>
 * Exit 4 (skip) without huge pages.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#ifndef MFD_HUGETLB
#define MFD_HUGETLB 0x0004U
#endif

#define KSFT_SKIP 4

static unsigned long hps, bps, nr_huge, runs = 21;
static unsigned int nthreads = 1;
static char *area;
static double *samples;		/* ns per read, runs * nthreads */
static pthread_barrier_t barrier;

static unsigned long default_hps(void)
{
	char line[128];
	unsigned long kb = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Hugepagesize: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return kb << 10;
}

static unsigned long free_huge(void)
{
	char path[128];
	unsigned long val = 0;
	FILE *f;

	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%lukB/free_hugepages",
		 hps >> 10);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lu", &val) != 1)
		val = 0;
	fclose(f);
	return val;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One read of the whole mapping's entries, in 1 MiB chunks. */
static int read_all(int fd, uint64_t *buf, size_t bufsz)
{
	size_t total = nr_huge * hps / bps * 8, done = 0;
	off_t off = (unsigned long)area / bps * 8;

	while (done < total) {
		size_t len = total - done < bufsz ? total - done : bufsz;
		ssize_t ret = pread(fd, buf, len, off + done);

		if (ret <= 0)
			return -1;
		done += ret;
	}
	/* sanity: every entry present */
	return (buf[0] >> 63) ? 0 : -1;
}

static void *reader(void *arg)
{
	unsigned long id = (unsigned long)arg, r;
	size_t bufsz = 1 << 20;
	uint64_t *buf = malloc(bufsz);
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || !buf) {
		perror("pagemap");
		exit(1);
	}
	if (read_all(fd, buf, bufsz)) {		/* warm-up */
		fprintf(stderr, "pagemap read failed or entry not present\n");
		exit(1);
	}
	for (r = 0; r < runs; r++) {
		double t0;

		pthread_barrier_wait(&barrier);
		t0 = now_ns();
		if (read_all(fd, buf, bufsz)) {
			fprintf(stderr, "pagemap read failed\n");
			exit(1);
		}
		samples[r * nthreads + id] = now_ns() - t0;
	}
	close(fd);
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long want = 0, entries, i, n;
	int opt, shared = 0, fd = -1;
	struct utsname u;
	pthread_t *tids;
	double med, lo, hi;

	while ((opt = getopt(argc, argv, "n:r:j:sh")) != -1) {
		switch (opt) {
		case 'n':
			want = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			runs = strtoul(optarg, NULL, 0);
			break;
		case 'j':
			nthreads = strtoul(optarg, NULL, 0);
			break;
		case 's':
			shared = 1;
			break;
		default:
			fprintf(stderr, "usage: %s [-n hugepages] [-r runs] [-j threads] [-s]\n",
				argv[0]);
			return 2;
		}
	}
	if (!runs)
		runs = 1;
	if (!nthreads)
		nthreads = 1;
	bps = sysconf(_SC_PAGESIZE);
	hps = default_hps();
	if (!hps) {
		printf("# SKIP: no hugetlb support\n");
		return KSFT_SKIP;
	}
	nr_huge = free_huge();
	if (want && want < nr_huge)
		nr_huge = want;
	if (!nr_huge) {
		printf("# SKIP: no free huge pages of %lu kB\n", hps >> 10);
		return KSFT_SKIP;
	}

	if (shared) {
		fd = memfd_create("bench_pagemap_hugetlb", MFD_HUGETLB);
		if (fd < 0 || ftruncate(fd, nr_huge * hps)) {
			perror("memfd_create(MFD_HUGETLB)");
			return 1;
		}
		area = mmap(NULL, nr_huge * hps, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);
	} else {
		area = mmap(NULL, nr_huge * hps, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	}
	if (area == MAP_FAILED) {
		printf("# SKIP: mmap of %lu huge pages: %s\n", nr_huge,
		       strerror(errno));
		return KSFT_SKIP;
	}
	for (i = 0; i < nr_huge; i++)
		area[i * hps] = 1;

	entries = nr_huge * hps / bps;
	uname(&u);
	printf("# bench_pagemap_hugetlb: kernel %s %s; %s hugetlb mapping of %lu x %lu kB (%lu MiB, %lu pagemap entries); %lu runs after 1 warm-up; %u thread(s); cmd:",
	       u.release, u.version, shared ? "MAP_SHARED memfd" : "MAP_PRIVATE anonymous",
	       nr_huge, hps >> 10, nr_huge * hps >> 20, entries, runs, nthreads);
	for (i = 0; i < (unsigned long)argc; i++)
		printf(" %s", argv[i]);
	printf("\n");

	samples = calloc(runs * nthreads, sizeof(*samples));
	tids = calloc(nthreads, sizeof(*tids));
	pthread_barrier_init(&barrier, NULL, nthreads);
	for (i = 0; i < nthreads; i++)
		pthread_create(&tids[i], NULL, reader, (void *)i);
	for (i = 0; i < nthreads; i++)
		pthread_join(tids[i], NULL);

	n = runs * nthreads;
	qsort(samples, n, sizeof(*samples), cmp_double);
	med = n & 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
	lo = samples[0];
	hi = samples[n - 1];
	printf("pagemap-hugetlb %s MiB=%lu entries=%lu threads=%u runs=%lu median_ns_per_entry=%.3f min=%.3f max=%.3f median_ms_per_read=%.3f\n",
	       shared ? "shared" : "private", nr_huge * hps >> 20, entries,
	       nthreads, runs, med / entries, lo / entries, hi / entries,
	       med / 1e6);
	munmap(area, nr_huge * hps);
	if (fd >= 0)
		close(fd);
	return 0;
}
