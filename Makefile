# SPDX-License-Identifier: GPL-2.0
# The series workbench. See README.md. Every target is a small script in scripts/.
# Variables (environment or make command line): KASAN=1 CONFIG=extra.config TEST=prog-or-dir
# ONLY="test names" ACCEL=kvm|tcg CACHE=dir (default ~/.cache/mmseries) BASE=7.3|6.12.
S := scripts
export BASE KASAN BROKEN CONFIG TEST ONLY ACCEL CACHE LISTS SHOW AB_BEFORE AB_LIST ROUNDS EXTRA_PATCH RETRY \
	CATEGORIES LITMUS NAMES

.PHONY: help run check bench deps base apply quilt kernel selftests guest mbox bisect audit \
	checkpatch devtree export cross ab stress litmus broken clean
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
guest: ; @$(S)/guest.sh
mbox: apply ; @$(S)/mbox.sh
bench: ; @$(S)/bench.sh
bisect: apply ; @$(S)/bisect.sh full
ab: apply ; @$(S)/ab.sh
stress: ; @LISTS=stress $(S)/run.sh
checkpatch: base ; @$(S)/checkpatch.sh
audit: apply ; @$(S)/audit-update.sh
cross: apply ; @$(S)/cross.sh
litmus: base ; @$(S)/litmus.sh
broken: ; @$(S)/broken.sh $(NAMES)
devtree: base ; @$(S)/devtree.sh
export: ; @$(S)/export.sh
clean: ; @bash -c '. $(S)/lib.sh && rm -rf "$$OUT" && echo "removed $$OUT"'
