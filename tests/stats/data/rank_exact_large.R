# Exact rank-sum p-values beyond the old work budget (issue 24): 200 + 200 and 300 + 300
# observations of whole numbers 0..12 (heavy ties), by coin's exact (shift) algorithm.
# R 4.2.2, coin 1.4-2. Usage: Rscript rank_exact_large.R OUTDIR
suppressMessages({library(coin)})
outdir <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20261207)
fmt <- function(v) paste(sprintf("%.17g", v), collapse = " ")
rows <- list()
for (n in c(200, 300)) {
  x <- sample(0:12, n, replace = TRUE) + 1; y <- sample(0:12, n, replace = TRUE)
  g <- factor(rep(c("x", "y"), c(n, n)))
  p <- sapply(c("two.sided", "less", "greater"), function(a)
    pvalue(wilcox_test(c(x, y) ~ g, distribution = "exact", alternative = a)))
  seconds <- system.time(wilcox_test(c(x, y) ~ g, distribution = "exact"))[["elapsed"]]
  rows[[length(rows) + 1]] <- data.frame(n_x = n, n_y = n, x = fmt(x), y = fmt(y),
    W = unname(wilcox.test(x, y, exact = FALSE)$statistic),
    p_exact_two.sided = p[[1]], p_exact_less = p[[2]], p_exact_greater = p[[3]],
    coin_seconds = seconds)
}
write.csv(do.call(rbind, rows), file.path(outdir, "rank_sum_exact_large.csv"), row.names = FALSE)
