#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# maintainers.sh: MAINTAINERS-snippet must equal the lines the series adds to MAINTAINERS.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
added=$(git -C "$WORK" diff "$BASE_TAG" mmseries -- MAINTAINERS | sed -n 's/^+\([^+]\)/\1/p; s/^+$//p')
want=$(grep -v '^#' "$SDIR/MAINTAINERS-snippet" 2>/dev/null || true)
if [ "$added" = "$want" ]; then
	echo "ok maintainers: MAINTAINERS-snippet matches the series ($(echo -n "$want" | grep -c . || true) lines)"
else
	echo "not ok maintainers: MAINTAINERS-snippet differs from what the series adds to MAINTAINERS"
	diff <(echo "$want") <(echo "$added") | sed 's/^/    /'
	exit 1
fi
