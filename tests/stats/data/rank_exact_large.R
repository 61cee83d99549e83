# Exact rank-sum p-values beyond the former work budget (issue 24): 200 + 200 and
# 300 + 300 observations of whole numbers 1..13 and 0..12 (heavy ties), two-sided, by
# coin's exact (shift) algorithm, with coin's time on the development machine (shared,
# loaded). R 4.2.2, coin 1.4-2. Usage: Rscript rank_exact_large.R OUTDIR
# (rows are written as each size finishes).
suppressMessages({library(coin)})
outdir <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20261207)
fmt <- function(v) paste(sprintf("%.17g", v), collapse = " ")
rows <- list()
for (n in c(200, 300)) {
  x <- sample(0:12, n, replace = TRUE) + 1; y <- sample(0:12, n, replace = TRUE)
  g <- factor(rep(c("x", "y"), c(n, n)))
  seconds <- system.time(p <- pvalue(wilcox_test(c(x, y) ~ g, distribution = "exact")))[["elapsed"]]
  rows[[length(rows) + 1]] <- data.frame(n_x = n, n_y = n, x = fmt(x), y = fmt(y),
    W = unname(wilcox.test(x, y, exact = FALSE)$statistic),
    p_exact_two.sided = sprintf("%.17g", p), coin_seconds = seconds)
  write.csv(do.call(rbind, rows), file.path(outdir, "rank_sum_exact_large.csv"), row.names = FALSE)
}
