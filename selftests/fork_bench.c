// SPDX-License-Identifier: GPL-2.0
/*
 * fork_bench: the cost of fork() of a process with a large anonymous
 * mapping, small pages and THP. Every anon page goes through
 * folio_try_dup_anon_rmap_*() in copy_present_ptes()/copy_huge_pmd(), so
 * this is what an assertion or a barrier added there would cost.
 *
 * Run by "make ab" in a guest of each kernel (before and after the series);
 * prints "metric NAME VALUE UNIT" lines that scripts/ab.sh compares.
 *
 *   fork_bench [-m MiB] [-r reps]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PMD_SIZE	(2UL << 20)

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* AnonHugePages of this process, in kB, from /proc/self/smaps_rollup. */
static long anon_huge_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void bench(const char *name, size_t len, int advice, int reps)
{
	double *t = calloc(reps, sizeof(*t)), sum = 0;
	char *raw, *mem;
	long huge;

	raw = mmap(NULL, len + PMD_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED || !t) {
		perror("mmap");
		exit(1);
	}
	mem = (char *)(((unsigned long)raw + PMD_SIZE - 1) & ~(PMD_SIZE - 1));
	madvise(mem, len, advice);
	memset(mem, 0x5a, len);
	huge = anon_huge_kb();

	for (int i = 0; i < reps; i++) {
		double t0 = now_ms();
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			exit(1);
		}
		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
		t[i] = now_ms() - t0;
		sum += t[i];
	}
	qsort(t, reps, sizeof(*t), cmp);
	printf("# %s: %zu MiB, AnonHugePages %ld kB, %d forks: min %.2f median %.2f mean %.2f max %.2f ms\n",
	       name, len >> 20, huge, reps, t[0], t[reps / 2], sum / reps, t[reps - 1]);
	printf("metric fork_%s_median %.3f ms\n", name, t[reps / 2]);
	printf("metric fork_%s_min %.3f ms\n", name, t[0]);
	munmap(raw, len + PMD_SIZE);
	free(t);
}

int main(int argc, char **argv)
{
	int opt, mib = 1024, reps = 15;

	while ((opt = getopt(argc, argv, "m:r:")) != -1) {
		switch (opt) {
		case 'm':
			mib = atoi(optarg);
			break;
		case 'r':
			reps = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-m MiB] [-r reps]\n", argv[0]);
			return 2;
		}
	}
	if (mib <= 0 || reps <= 0) {
		fprintf(stderr, "-m and -r must be positive\n");
		return 2;
	}
	printf("# fork_bench -m %d -r %d: fork() + child _exit() + waitpid() of a process with %d MiB\n"
	       "# of anon memory, written before the forks; small pages (MADV_NOHUGEPAGE) then THP\n"
	       "# (MADV_HUGEPAGE). Wall-clock time per fork in the parent.\n", mib, reps, mib);
	bench("small", (size_t)mib << 20, MADV_NOHUGEPAGE, reps);
	bench("thp", (size_t)mib << 20, MADV_HUGEPAGE, reps);
	return 0;
}
