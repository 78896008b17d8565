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
if out=$(codespell -L damon,uptodate "$TOP/Documentation" "$TOP/README.md" "$TOP/cover-letter.txt" 2>&1); then
	echo "ok codespell Documentation README.md cover-letter.txt"
else
	echo "not ok codespell"
	echo "$out" | head -n 20 | sed 's/^/    /'
fi
