# Exact intervals and their achieved level for data with one decimal and ties.
# Usage: Rscript rank_ci_decimal.R OUTDIR
#
# The inversion (rank_inversion.R, in this directory, states the rule) runs on the
# data scaled to integer tenths.
suppressMessages({library(exactRankTests)})
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "rank_inversion.R"))
outdir <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20261126)
fmt <- function(v) paste(sprintf("%.17g", v), collapse = " ")

rows <- list()
add <- function(test, x, y, alternative, conf_level, estimate, ci) {
  rows[[length(rows) + 1]] <<- data.frame(test = test, x = fmt(x), y = fmt(y),
    alternative = alternative, conf_level = conf_level, estimate = estimate,
    ci_low = ci[["low"]], ci_high = ci[["high"]], achieved = ci[["achieved"]])
}
alts <- c("two.sided", "less", "greater")
for (case in 1:3) {
  # Change in %FVC of a 32-patient cohort: baseline and follow-up with one decimal.
  baseline <- round(rnorm(32, 70, 12), 1)
  follow_up <- round(baseline + rnorm(32, 0.5, 3), 1)
  d10 <- round(10 * follow_up) - round(10 * baseline)
  d <- d10 / 10
  walsh10 <- outer(d10, d10, "+")[!lower.tri(diag(32))] / 2
  for (a in alts) for (cl in c(0.9, 0.95)) {
    ci <- invert(walsh10, signed_rank_at(d10), a, cl) / c(10, 10, 1)
    add("paired", d, numeric(0), a, cl, median(walsh10) / 10, ci)
  }
  # The changes of two groups (15 and 17 patients), compared.
  x10 <- d10[1:15]; y10 <- d10[16:32] - 5L
  for (a in alts) for (cl in c(0.9, 0.95)) {
    ci <- invert(as.vector(outer(x10, y10, "-")), rank_sum_at(x10, y10), a, cl) / c(10, 10, 1)
    add("two-sample", x10 / 10, y10 / 10, a, cl, median(outer(x10, y10, "-")) / 10, ci)
  }
}
write.csv(do.call(rbind, rows), file.path(outdir, "rank_ci_decimal.csv"), row.names = FALSE)
cat(R.version.string, "exactRankTests", as.character(packageVersion("exactRankTests")), "\n")
