#!/usr/bin/env Rscript
# Benjamini-Hochberg and Holm adjustments with R's p.adjust, the peer of src/hotspots/bh.ts.
#
#   Rscript bench/peers/bh-padjust.R <out.csv>
#
# Writes p,bh,holm (%.17g; NA as empty) for a fixed vector of p-values with ties, zeros, ones and a
# missing value, plus 200 values from a seeded mixture of nulls and signals.
# Regenerate the test fixture: bash bench/peers/make-fixtures.sh
args <- commandArgs(trailingOnly = TRUE)
set.seed(20230101)
p <- c(0.01, 0.01, 0.04, 0.04, 0.04, 0, 1, NA, 0.5, 0.049, 0.0001, 0.2, 0.2,
       runif(150), rbeta(50, 0.2, 5))
f <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
out <- data.frame(p = f(p), bh = f(p.adjust(p, "BH")), holm = f(p.adjust(p, "holm")))
write.csv(out, args[1], row.names = FALSE, quote = FALSE)
