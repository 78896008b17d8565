# SPDX-License-Identifier: GPL-2.0
# The series workbench. See README.md. Every target is a small script in scripts/.
# Variables (environment or make command line): KASAN=1 CONFIG=extra.config TEST=prog-or-dir
# ONLY="test names" ACCEL=kvm|tcg CACHE=dir (default ~/.cache/mmseries).
S := scripts
export KASAN BROKEN CONFIG TEST ONLY ACCEL CACHE LISTS SHOW AB_BEFORE AB_LIST ROUNDS EXTRA_PATCH RETRY

.PHONY: help run check bench deps base apply quilt kernel selftests guest mbox bisect audit \
	checkpatch devtree export cross ab stress clean
help:
	@sed -n 's/^## //p' README.md | head -n 40

run: ; @$(S)/run.sh
check: ; @$(S)/check.sh
deps: ; @$(S)/deps.sh
base: deps ; @$(S)/base.sh
apply: base ; @$(S)/apply.sh
quilt: apply ; @$(S)/quilt-check.sh
kernel: apply ; @$(S)/build.sh
selftests: apply ; @$(S)/ksft.sh
guest: ; @$(S)/initramfs.sh $${CACHE:-$$HOME/.cache/mmseries}/out/initramfs.cpio && \
	$(S)/boot.sh $${CACHE:-$$HOME/.cache/mmseries}/build/arch/x86/boot/bzImage \
		$${CACHE:-$$HOME/.cache/mmseries}/out/initramfs.cpio
mbox: apply ; @$(S)/mbox.sh
bench: ; @LISTS="$(CURDIR)/selftests/bench.list" SHOW=all $(S)/run.sh && \
	$(S)/plot.sh $${CACHE:-$$HOME/.cache/mmseries}/out/results.log \
		$${CACHE:-$$HOME/.cache/mmseries}/out/collapse_bench.svg
bisect: apply ; @$(S)/bisect.sh full
ab: apply ; @$(S)/ab.sh
stress: ; @LISTS="$(CURDIR)/selftests/stress.list" $(S)/run.sh
checkpatch: base ; @$(S)/checkpatch.sh
audit: apply ; @$(S)/audit-update.sh
cross: apply ; @$(S)/cross.sh
devtree: base ; @$(S)/devtree.sh
export: ; @$(S)/export.sh
clean:
	rm -rf $${CACHE:-$$HOME/.cache/mmseries}/out
