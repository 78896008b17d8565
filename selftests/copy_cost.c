// SPDX-License-Identifier: GPL-2.0
/*
 * copy_cost: how long a 2 MiB copy takes when done as 512 copies of 4 KiB
 * from distinct, cache-cold sources: the order of the time the lock-held
 * collapse holds the PMD and PTE spinlocks for (copy_mc_user_highpage() of
 * 512 pages). Native numbers: run on the host,
 *   gcc -O2 -o copy_cost selftests/copy_cost.c && ./copy_cost
 * (the guest's numbers under TCG are not representative).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS	64

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	size_t n = 2UL << 20, big = 256UL << 20;
	char *src = malloc(big), *dst = malloc(n * RUNS);
	double t[RUNS];

	if (!src || !dst)
		return 1;
	memset(src, 1, big);
	memset(dst, 2, n * RUNS);
	for (int i = 0; i < RUNS; i++) {
		char *s = src + (size_t)i * 4 * n % big;
		double t0 = now_us();

		for (size_t o = 0; o < n; o += 4096)
			memcpy(dst + (size_t)i * n + o, s + o, 4096);
		t[i] = now_us() - t0;
	}
	qsort(t, RUNS, sizeof(*t), cmp);
	printf("copy_cost: 2 MiB as 512 x 4 KiB memcpy, %d runs, cold sources: min %.0f us, median %.0f us, max %.0f us\n",
	       RUNS, t[0], t[RUNS / 2], t[RUNS - 1]);
	return 0;
}
