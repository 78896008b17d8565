#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# plot.sh RESULTS.LOG [OUT.svg]: plot the p99 latencies that collapse_bench printed (its
# "metric <what>_<path>_p99 <us> us" lines, in a results.log of make bench) as grouped bars on a
# log scale: an SVG file, and a text chart on stdout for the cover letter.
set -euo pipefail
in=$1 svg=${2:-}
[ -f "$in" ] || { echo "ERROR: $in: no such file" >&2; exit 1; }
data=$(tr -d '\r' < "$in" | sed -n 's/^\(# \)*metric \([^ ]*\)_\(legacy\|lh-mmap\|lh-vma\)_p99 \([0-9.]*\) us$/\2 \3 \4/p')
[ -n "$data" ] || { echo "ERROR: no collapse_bench p99 metrics in $in (run: make bench)" >&2; exit 1; }

# text chart: one bar per metric and path, log10 scale, 1 character = 1/8 decade from 10 us
echo "p99 latency, microseconds, log scale (each # = 1/8 decade above 10 us)"
echo "$data" | awk '{
	n = ($3 > 10) ? int(8 * log($3 / 10) / log(10) + 0.5) : 0
	bar = ""; for (i = 0; i < n; i++) bar = bar "#"
	printf "  %-12s %-8s %10.0f  %s\n", $1, $2, $3, bar }'

[ -n "$svg" ] || exit 0
echo "$data" | awk -v title="collapse_bench: p99 latency during continuous MADV_COLLAPSE (log scale)" '
	BEGIN { W = 720; H = 360; L = 70; B = 300; T = 40; lo = 1; hi = 6	# 10^1 .. 10^6 us
		col["legacy"] = "#c0504d"; col["lh-mmap"] = "#f2a93b"; col["lh-vma"] = "#4f81bd" }
	{ if (!($1 in gi)) { gi[$1] = ng; gname[ng++] = $1 }
	  if (!($2 in pi)) { pi[$2] = np; pname[np++] = $2 }
	  v[$1, $2] = $3 }
	function y(us) { if (us < 10 ^ lo) us = 10 ^ lo; return B - (log(us) / log(10) - lo) / (hi - lo) * (B - T) }
	END {
		printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H
		printf "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H
		printf "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>\n", L, title
		for (d = lo; d <= hi; d++) {
			printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", L, W - 20, y(10 ^ d), y(10 ^ d)
			printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 6, y(10 ^ d) + 4, (d < 3 ? 10 ^ d " us" : 10 ^ (d - 3) " ms")
		}
		gw = (W - 20 - L) / ng; bw = gw * 0.8 / np
		for (g = 0; g < ng; g++) {
			x0 = L + g * gw + gw * 0.1
			for (p = 0; p < np; p++) {
				if (!((gname[g], pname[p]) in v)) continue
				val = v[gname[g], pname[p]]; x = x0 + p * bw
				printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x, y(val), bw - 2, B - y(val), col[pname[p]]
				printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%.0f</text>\n", x + bw / 2 - 1, y(val) - 3, val
			}
			printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", L + g * gw + gw / 2, B + 18, gname[g]
		}
		for (p = 0; p < np; p++) {
			printf "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", L + p * 150, B + 34, col[pname[p]]
			printf "<text x=\"%d\" y=\"%d\">%s</text>\n", L + p * 150 + 16, B + 45, pname[p]
		}
		print "</svg>"
	}' > "$svg"
echo "plot: $svg"
