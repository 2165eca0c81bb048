#!/usr/bin/env Rscript
# Getis-Ord Gi* with R spdep, the peer Beatwise's src/hotspots/gistar.ts must equal (to 1e-9).
#
#   Rscript bench/peers/gistar-spdep.R <cells.csv> <out.csv> [distance_m]
#
# <cells.csv> has the grid CSV columns cell_id,x_min,y_min,size_m,count (extra columns ignored).
# Neighbours are cells whose centres lie within distance_m (default size_m * sqrt(2), the 8
# around), self included (Gi*), binary weights: sfhotspot's gistar() set-up. Beatwise compares
# distances with a relative tolerance of 1e-9 so that s*sqrt(2) keeps the diagonals however sqrt(2)
# rounds; the same tolerance is applied here.
# Writes cell_id,gi_z,gi_p,gi_q,card with %.17g: z = spdep::localG, p = 2 * pnorm(-|z|),
# q = p.adjust(p, "BH"), card = neighbours including self. Prints the seconds taken to stderr as
# "spdep_seconds neighbours=... weights=... localG=... total=...". spdep finds neighbours with a
# kd-tree only when the dbscan package is installed (Debian r-cran-dbscan); without it dnearneigh
# compares all pairs (minutes at 90,000 cells).
#
# Regenerate the test fixture (needs Debian r-cran-spdep; see bench/peers/make-fixtures.sh):
#   bash bench/peers/make-fixtures.sh
suppressPackageStartupMessages(library(spdep))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: gistar-spdep.R cells.csv out.csv [distance_m]")
cells <- read.csv(args[1], colClasses = c(cell_id = "character"))
size <- cells$size_m[1]
d <- if (length(args) >= 3) as.numeric(args[3]) else size * sqrt(2)
xy <- cbind(cells$x_min + cells$size_m / 2, cells$y_min + cells$size_m / 2)
t0 <- proc.time()[["elapsed"]]
nb <- dnearneigh(xy, 0, d * (1 + 1e-9))
nb <- include.self(nb)
t1 <- proc.time()[["elapsed"]]
lw <- nb2listw(nb, style = "B", zero.policy = TRUE)
t2 <- proc.time()[["elapsed"]]
z <- as.numeric(localG(as.numeric(cells$count), lw, zero.policy = TRUE))
t3 <- proc.time()[["elapsed"]]
p <- 2 * pnorm(-abs(z))
q <- p.adjust(p, method = "BH")
out <- data.frame(
  cell_id = cells$cell_id,
  gi_z = sprintf("%.17g", z),
  gi_p = sprintf("%.17g", p),
  gi_q = sprintf("%.17g", q),
  card = card(nb)
)
write.csv(out, args[2], row.names = FALSE, quote = FALSE)
message(sprintf(
  "spdep_seconds neighbours=%.3f weights=%.3f localG=%.3f total=%.3f (spdep %s, %d cells, dnearneigh kd-tree: %s)",
  t1 - t0, t2 - t1, t3 - t2, t3 - t0, as.character(packageVersion("spdep")), nrow(cells),
  if (requireNamespace("dbscan", quietly = TRUE)) "yes (dbscan)" else "no (install r-cran-dbscan)"
))
