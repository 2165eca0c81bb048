#!/usr/bin/env Rscript
# Quartic kernel density with R spatstat (density.ppp), the peer of src/hotspots/kde.ts.
#
#   Rscript bench/peers/kde-spatstat.R <points.csv> <xmin> <xmax> <ymin> <ymax> <cell_m> <bandwidth_m> <out.csv>
#
# <points.csv> has columns x,y (BNG metres); the window [xmin,xmax] x [ymin,ymax] must be aligned
# to whole cells. Kernel conventions: Beatwise's bandwidth h is the quartic kernel's support radius;
# spatstat's sigma is the kernel's standard deviation, which for its quartic kernel is h / sqrt(8)
# (spatstat's table: support 1 for sd 0.3535534). With edge = FALSE spatstat bins the points to
# pixels, evaluates the kernel at whole-pixel offsets and normalises it to sum 1: Beatwise's
# mode 'binned' does the same and must agree to rounding. Beatwise's default mode 'exact' keeps the
# points where they are and is compared within a tolerance.
# Writes x,y,density (pixel centres, density per square metre, %.17g). Prints seconds to stderr as
# "spatstat_seconds total=...".
#
# Regenerate the test fixture: bash bench/peers/make-fixtures.sh
suppressPackageStartupMessages(library(spatstat.explore))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 8) stop("usage: kde-spatstat.R points.csv xmin xmax ymin ymax cell bandwidth out.csv")
pts <- read.csv(args[1])
b <- as.numeric(args[2:5])
cell <- as.numeric(args[6])
h <- as.numeric(args[7])
W <- owin(c(b[1], b[2]), c(b[3], b[4]))
X <- ppp(pts$x, pts$y, window = W, check = FALSE)
nx <- round((b[2] - b[1]) / cell)
ny <- round((b[4] - b[3]) / cell)
t0 <- proc.time()[["elapsed"]]
D <- density(X, sigma = h / sqrt(8), kernel = "quartic", edge = FALSE, dimyx = c(ny, nx), positive = FALSE)
t1 <- proc.time()[["elapsed"]]
df <- as.data.frame(D)
write.csv(
  data.frame(x = sprintf("%.17g", df$x), y = sprintf("%.17g", df$y), density = sprintf("%.17g", df$value)),
  args[8], row.names = FALSE, quote = FALSE
)
message(sprintf(
  "spatstat_seconds total=%.3f (spatstat.explore %s, %d points, %d x %d pixels)",
  t1 - t0, as.character(packageVersion("spatstat.explore")), npoints(X), nx, ny
))
