# Extra R references for the rank tests' intervals and Pratt asymptotic p-values.
# Usage: Rscript rank_ci.R OUTDIR
suppressMessages({library(coin)})
outdir <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20261125)
fmt <- function(v) paste(sprintf("%.17g", v), collapse = " ")
alts <- c("two.sided", "less", "greater")
# exact intervals, tie-free data, every alternative and several levels (incl. unachievable)
rows <- list()
for (i in seq_len(24)) {
  paired <- i %% 2 == 0
  n <- sample(c(3, 4, 5, 6, 8, 12, 20), 1); m <- sample(c(2, 3, 4, 7, 11), 1)
  x <- round(rnorm(n, 1, 2), 3); y <- if (paired) round(rnorm(n), 3) else round(rnorm(m), 3)
  if (paired) { d <- x - y; if (any(duplicated(abs(d))) || any(d == 0)) next } else if (any(duplicated(c(x, y)))) next
  for (a in alts) for (cl in c(0.8, 0.95, 0.99)) {
    w <- NULL
    wt <- withCallingHandlers(wilcox.test(x, y, paired = paired, exact = TRUE, conf.int = TRUE, conf.level = cl, alternative = a),
                              warning = function(c) { w <<- conditionMessage(c); invokeRestart("muffleWarning") })
    alpha <- 1 - cl
    if (paired) { N <- n; q <- qsignrank(if (a == "two.sided") alpha / 2 else alpha, N); if (q == 0) q <- 1
                  ach <- (if (a == "two.sided") 2 else 1) * psignrank(q - 1, N)
    } else { q <- qwilcox(if (a == "two.sided") alpha / 2 else alpha, n, m); if (q == 0) q <- 1
             ach <- (if (a == "two.sided") 2 else 1) * pwilcox(q - 1, n, m) }
    rows[[length(rows) + 1]] <- data.frame(test = if (paired) "paired" else "two-sample", x = fmt(x), y = fmt(y),
      alternative = a, conf_level = cl, estimate = unname(wt$estimate), ci_low = wt$conf.int[1], ci_high = wt$conf.int[2],
      r_conf_level = attr(wt$conf.int, "conf.level"), achieved = 1 - ach, warned = !is.null(w))
  }
}
write.csv(do.call(rbind, rows), file.path(outdir, "rank_ci_exact.csv"), row.names = FALSE)
# asymptotic intervals (uniroot, tol.root = 1e-4) on tied data without zero differences
rows <- list()
for (i in seq_len(30)) {
  paired <- i %% 2 == 0
  n <- sample(c(8, 15, 25, 40), 1); m <- sample(c(6, 12, 30), 1)
  x <- 0.5 * sample(0:30, n, replace = TRUE); y <- if (paired) x + 0.5 * sample(c(-3:6), n, replace = TRUE) else 0.5 * sample(0:30, m, replace = TRUE)
  if (paired && any(x == y)) next
  for (a in alts) for (cc in c(TRUE, FALSE)) {
    wt <- suppressWarnings(wilcox.test(x, y, paired = paired, exact = FALSE, correct = cc, conf.int = TRUE, alternative = a))
    rows[[length(rows) + 1]] <- data.frame(test = if (paired) "paired" else "two-sample", x = fmt(x), y = fmt(y),
      alternative = a, correct = cc, ci_low = wt$conf.int[1], ci_high = wt$conf.int[2], r_conf_level = attr(wt$conf.int, "conf.level"))
  }
}
write.csv(do.call(rbind, rows), file.path(outdir, "rank_ci_asymptotic.csv"), row.names = FALSE)
# Pratt: coin's asymptotic p-value (no continuity correction)
rows <- list()
for (i in seq_len(40)) {
  n <- sample(c(6, 10, 20, 35), 1)
  y <- 0.5 * sample(0:100, n, replace = TRUE); x <- y + 0.5 * round(rnorm(n, 1, 2))
  if (all(x == y)) next
  r <- list(x = fmt(x), y = fmt(y))
  for (a in alts) r[[paste0("p_pratt_asym_", a)]] <- pvalue(wilcoxsign_test(x ~ y, distribution = "asymptotic", zero.method = "Pratt", alternative = a))
  rows[[length(rows) + 1]] <- as.data.frame(r)
}
write.csv(do.call(rbind, rows), file.path(outdir, "pratt_asymptotic.csv"), row.names = FALSE)
cat("R", R.version$major, R.version$minor, "coin", as.character(packageVersion("coin")), "\n")
