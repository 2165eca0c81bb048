#!/usr/bin/env bash
# Regenerates the R-peer fixtures in test/fixtures/hotspots/ (needs R with spdep and spatstat:
# apt-get install -y r-cran-spdep r-cran-spatstat). Run from the repository root:
#   bash bench/peers/make-fixtures.sh
# Inputs:
#   gistar-cells.csv  violence per 200 m cell in Leicestershire's unit LE (Leicester), 2022-01..03,
#                     from the bundled police.uk data (`beatwise hotspots grid --format csv`);
#   kde-points.csv    400 seeded points (two clusters and a scatter) around negative BNG offsets.
# Outputs: gistar-spdep.csv (default distance), gistar-spdep-500.csv (500 m), kde-spatstat.csv,
# bh-padjust.csv, pnorm.csv. The tests read inputs and outputs; they never run R.
set -euo pipefail
cd "$(dirname "$0")/../.."
FX=test/fixtures/hotspots
DB=${TMPDIR:-/tmp}/beatwise-hotspot-fixtures.db
mkdir -p "$FX"
[ -f "$DB" ] || npx beatwise --db "$DB" demo > /dev/null
npx beatwise --db "$DB" hotspots grid --force leicestershire --area unit:LE \
  --types violence-and-sexual-offences --cell 200 --from 2022-01 --to 2022-03 --format csv --out "$FX/gistar-cells.csv"
rm -f "$FX/gistar-cells.csv.README.txt"
Rscript bench/peers/gistar-spdep.R "$FX/gistar-cells.csv" "$FX/gistar-spdep.csv"
Rscript bench/peers/gistar-spdep.R "$FX/gistar-cells.csv" "$FX/gistar-spdep-500.csv" 500
Rscript -e 'set.seed(7); n1 <- 150; n2 <- 100; n3 <- 150;
  x <- c(rnorm(n1, -400, 250), rnorm(n2, 1300, 150), runif(n3, -1500, 2500));
  y <- c(rnorm(n1, 300, 200), rnorm(n2, -200, 300), runif(n3, -800, 1600));
  keep <- x > -1500 & x < 2500 & y > -800 & y < 1600;
  write.csv(data.frame(x = sprintf("%.10g", x[keep]), y = sprintf("%.10g", y[keep])), "'"$FX"'/kde-points.csv", row.names = FALSE, quote = FALSE)'
Rscript bench/peers/kde-spatstat.R "$FX/kde-points.csv" -1500 2500 -800 1600 100 350 "$FX/kde-spatstat.csv"
Rscript bench/peers/bh-padjust.R "$FX/bh-padjust.csv"
Rscript bench/peers/pnorm.R "$FX/pnorm.csv"
echo "fixtures written to $FX"
