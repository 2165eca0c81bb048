#!/usr/bin/env Rscript
# The standard normal upper tail from R's pnorm, the peer of upperTail() in src/hotspots/gistar.ts.
#
#   Rscript bench/peers/pnorm.R <out.csv>
#
# Writes z,upper (= pnorm(-z)) and two_sided (= 2 * pnorm(-abs(z))) with %.17g for z from -6 to 38
# (steps of 0.0137, plus the algorithm's break points 0.67448975 and sqrt(32)).
# Regenerate the test fixture: bash bench/peers/make-fixtures.sh
args <- commandArgs(trailingOnly = TRUE)
z <- sort(c(seq(-6, 38, by = 0.0137), 0.67448975, sqrt(32), 37.5, 1.959963984540054))
write.csv(
  data.frame(z = sprintf("%.17g", z), upper = sprintf("%.17g", pnorm(-z)), two_sided = sprintf("%.17g", 2 * pnorm(-abs(z)))),
  args[1], row.names = FALSE, quote = FALSE
)
