// SPDX-License-Identifier: GPL-2.0
/*
 * mixedmap_bench: cost of faulting in and zapping a VM_MIXEDMAP mapping of
 * the test_mixedmap device (lib/test_mixedmap.c). Each cycle faults pages in
 * (vmf_insert_mixed()/vm_insert_page()/vmf_insert_pfn_pmd() in the module)
 * and discards them with MADV_DONTNEED, which asks vm_normal_page*() about
 * every entry; the COW cycle adds a write fault, where do_wp_page() asks it
 * too. Run by "make ab" before and after the series; prints
 * "metric NAME VALUE UNIT" lines that scripts/ab.sh compares.
 *
 *   mixedmap_bench [-n cycles]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <lib/test_mixedmap_uapi.h>

static size_t ps, pmd_size, map_len;
static struct tmm_info info;
static int fd;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static char *map_dev(int flags)
{
	char *area, *p;

	area = mmap(NULL, map_len + pmd_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	p = (char *)(((uintptr_t)area + pmd_size - 1) & ~(pmd_size - 1));
	if (mmap(p, map_len, PROT_READ | PROT_WRITE, flags | MAP_FIXED, fd, 0) != p) {
		perror("mmap " TMM_DEV);
		exit(1);
	}
	return p;
}

/* cycles x (fault in nr pages from first, then MADV_DONTNEED them): ns per page */
static double cycle(char *p, size_t first, size_t nr, size_t step, int cow, int cycles)
{
	volatile char sink;
	double t0 = now_ns();

	for (int c = 0; c < cycles; c++) {
		for (size_t i = 0; i < nr; i += step) {
			sink = p[(first + i) * ps];
			if (cow)
				p[(first + i) * ps] = sink;
		}
		if (madvise(p + first * ps, nr * ps, MADV_DONTNEED)) {
			perror("MADV_DONTNEED");
			exit(1);
		}
	}
	return (now_ns() - t0) / ((double)cycles * ((nr + step - 1) / step));
}

static void report(const char *name, const char *what, double ns)
{
	printf("# %-14s %-52s %9.0f ns\n", name, what, ns);
	printf("metric mixedmap_%s %.1f ns\n", name, ns);
}

int main(int argc, char **argv)
{
	int opt, cycles = 3000;
	char *shared, *private;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n') {
			fprintf(stderr, "usage: %s [-n cycles]\n", argv[0]);
			return 2;
		}
		cycles = atoi(optarg);
	}
	if (cycles <= 0) {
		fprintf(stderr, "-n must be positive\n");
		return 2;
	}
	fd = open(TMM_DEV, O_RDWR);
	if (fd < 0) {
		printf("# SKIP: %s: %s (CONFIG_TEST_MIXEDMAP)\n", TMM_DEV, strerror(errno));
		return 4;
	}
	if (ioctl(fd, TMM_IOC_INFO, &info)) {
		perror("TMM_IOC_INFO");
		return 1;
	}
	ps = info.page_size;
	pmd_size = (info.flags & TMM_INFO_PMD) ? info.huge_off * ps : ps * (ps / 8);
	map_len = (info.flags & TMM_INFO_PMD) ? (info.huge_off + info.huge_nr) * ps :
						(TMM_SPECIAL_OFF + TMM_NR_SPECIAL) * ps;

	printf("# mixedmap_bench -n %d: %s, PMD block %s, pte_special %s; each cycle faults the\n"
	       "# pages in and discards them with MADV_DONTNEED; time per page (per PMD for the block)\n",
	       cycles, TMM_DEV, info.flags & TMM_INFO_PMD ? "yes" : "no",
	       info.flags & TMM_INFO_PTE_SPECIAL ? "yes" : "no");
	shared = map_dev(MAP_SHARED);
	private = map_dev(MAP_PRIVATE);
	/* warm up: first faults allocate nothing, but page tables are populated */
	cycle(shared, 0, TMM_SPECIAL_OFF + TMM_NR_SPECIAL, 1, 0, 10);

	report("special_read", "shared, read fault on a special PFN + zap",
	       cycle(shared, TMM_SPECIAL_OFF, TMM_NR_SPECIAL, 1, 0, cycles));
	report("normal_read", "shared, read fault on a vm_insert_page() page + zap",
	       cycle(shared, TMM_NORMAL_OFF, TMM_NR_NORMAL, 1, 0, cycles));
	report("special_cow", "private, read + write (COW) fault of a special PFN + zap",
	       cycle(private, TMM_SPECIAL_OFF, TMM_NR_SPECIAL, 1, 1, cycles));
	report("normal_cow", "private, read + write (COW) fault of a normal page + zap",
	       cycle(private, TMM_NORMAL_OFF, TMM_NR_NORMAL, 1, 1, cycles));
	if (info.flags & TMM_INFO_PMD)
		report("huge_pmd_read", "shared, read fault of the PMD block + zap",
		       cycle(shared, info.huge_off, info.huge_nr, info.huge_nr, 0, cycles));
	return 0;
}
