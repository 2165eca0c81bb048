#!/usr/bin/env Rscript
# The peer of src/repeats/knox.ts in bench/repeats.ts: R surveillance::knox on the bench's input.
#
#   Rscript bench/peers/knox-surveillance.R <input.csv> <eps.s> <eps.t> <B> <out.json>
#
# input.csv has x,y,t (metres, metres, days). Times the knox() call only (dist() of the input
# included: surveillance needs both distance matrices), not R's start-up.
suppressMessages(library(surveillance))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1])
eps.s <- as.numeric(a[2]); eps.t <- as.numeric(a[3]); B <- as.integer(a[4])
set.seed(1)
tm <- system.time({
  k <- knox(dt = dist(d$t), ds = dist(cbind(d$x, d$y)), eps.t = eps.t, eps.s = eps.s,
            simulate.p.value = TRUE, B = B, .verbose = FALSE)
})
cat(sprintf('{"n": %d, "statistic": %d, "expected": %.4f, "p": %.6f, "seconds": %.3f}\n',
            nrow(d), as.integer(k$statistic), k$null.value, k$p.value, tm[["elapsed"]]), file = a[5])
