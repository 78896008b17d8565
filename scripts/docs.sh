#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# docs.sh: every Documentation/*.rst of the project must parse without docutils warnings, and
# codespell must find no misspelling in Documentation/ and README.md.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
need rst2pseudoxml python3-docutils
need codespell codespell
for f in "$TOP"/Documentation/*.rst; do
	if out=$(rst2pseudoxml --halt=warning --report=warning "$f" 2>&1 >/dev/null); then
		echo "ok docs ${f#$TOP/}"
	else
		echo "not ok docs ${f#$TOP/}"
		echo "$out" | head -n 5 | sed 's/^/    /'
	fi
done
# codespell passes a file that does not exist: check that they do
covers=("$TOP/cover-letter.txt" "$TOP/stable/6.12/cover-letter.txt")
for f in "${covers[@]}"; do
	grep -q '^Subject: ' "$f" 2>/dev/null || echo "not ok docs ${f#$TOP/}: missing or without a Subject: line"
done
if out=$(codespell -L damon,uptodate "$TOP/Documentation" "$TOP/README.md" "$TOP/litmus/README.md" "${covers[@]}" 2>&1); then
	echo "ok codespell Documentation README.md litmus/README.md cover letters"
else
	echo "not ok codespell"
	echo "$out" | head -n 20 | sed 's/^/    /'
fi
