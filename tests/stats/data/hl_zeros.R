# The signed-rank Hodges-Lehmann estimate and interval with zero differences dropped,
# as R computes them (paired_wilcoxon(..., estimate_zeros = "drop")).
# Usage: Rscript hl_zeros.R OUTDIR   (writes OUTDIR/hl_zeros.csv)
#
# Every case has zero differences. Rows by `source`:
# - "wilcox.exact": the non-zero |d| are distinct. estimate, ci_low, ci_high are
#   exactRankTests::wilcox.exact(x, y, paired = TRUE, exact = TRUE, conf.int = TRUE,
#   conf.level, alternative); the script stops unless wilcox.test(d[d != 0], exact = TRUE,
#   conf.int = TRUE, ...) gives the same numbers. achieved is the coverage of that interval
#   by R's own rule (as rank_ci.R): 1 - k * psignrank(qu - 1, n), n the non-zero
#   differences, qu = qsignrank(alpha', n) (1 if 0), k = 2 and alpha' = alpha / 2
#   two-sided, else k = 1 and alpha' = alpha.
# - "inversion": tied non-zero differences (one decimal, x = d, y empty). R has no exact interval for
#   them (wilcox.exact uses the null of the observed ranks at every shift; its estimate
#   is its own midpoint rule, e.g. 0.75 where the Walsh averages' median is 1), so the
#   estimate is the median of the Walsh averages of d[d != 0] and the interval the exact
#   conditional inversion of rank_inversion.R, in integer tenths.
# - "wilcox.test": the normal approximation, wilcox.test(x, y, paired = TRUE, exact =
#   FALSE, correct, conf.int = TRUE, conf.level = 0.95, alternative) (wilcox.test(x, ...)
#   when y is empty): ci_low, ci_high
#   found by uniroot (tol 1e-4), r_conf_level the level R reports (below 0.95 where R
#   doubled alpha); estimate is R's root of the statistic, not the Walsh median.
# Numbers are printed with sprintf("%.17g").
suppressMessages({library(exactRankTests)})
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "rank_inversion.R"))
outdir <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20261127)
fmt <- function(v) paste(sprintf("%.17g", v), collapse = " ")
alts <- c("two.sided", "less", "greater")
rows <- list()
add <- function(id, source, x, y, alternative, conf_level, correct, estimate, ci,
                achieved, r_conf_level) {
  rows[[length(rows) + 1]] <<- data.frame(id = id, source = source, x = fmt(x), y = fmt(y),
    alternative = alternative, conf_level = conf_level, correct = correct,
    estimate = sprintf("%.17g", estimate), ci_low = sprintf("%.17g", ci[1]),
    ci_high = sprintf("%.17g", ci[2]), achieved = sprintf("%.17g", achieved),
    r_conf_level = r_conf_level)
}

exact_rows <- function(id, x, y) {
  d <- x - y
  dd <- d[d != 0]
  stopifnot(any(d == 0), !any(duplicated(abs(dd))))
  n <- length(dd)
  for (a in alts) for (cl in c(0.8, 0.95, 0.99)) {
    wx <- wilcox.exact(x, y, paired = TRUE, exact = TRUE, conf.int = TRUE, conf.level = cl,
                       alternative = a)
    wt <- suppressWarnings(wilcox.test(dd, exact = TRUE, conf.int = TRUE, conf.level = cl,
                                       alternative = a))
    stopifnot(identical(unname(wx$estimate), unname(wt$estimate)),
              identical(as.vector(wx$conf.int), as.vector(wt$conf.int)))
    alpha <- 1 - cl
    q <- qsignrank(if (a == "two.sided") alpha / 2 else alpha, n)
    if (q == 0) q <- 1
    achieved <- 1 - (if (a == "two.sided") 2 else 1) * psignrank(q - 1, n)
    add(id, "wilcox.exact", x, y, a, cl, NA, wx$estimate, wx$conf.int, achieved,
        attr(wt$conf.int, "conf.level"))
  }
}

asymptotic_rows <- function(id, x, y) {
  for (a in alts) for (cc in c(TRUE, FALSE)) {
    wt <- suppressWarnings(if (length(y)) {
      wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = cc, conf.int = TRUE,
                  conf.level = 0.95, alternative = a)
    } else {
      wilcox.test(x, exact = FALSE, correct = cc, conf.int = TRUE, conf.level = 0.95,
                  alternative = a)
    })
    add(id, "wilcox.test", x, y, a, 0.95, cc, wt$estimate, wt$conf.int, NA,
        attr(wt$conf.int, "conf.level"))
  }
}

# exactRankTests' salivary data (Hollander and Wolfe): 4 zero differences of 20.
data(sal)
exact_rows("sal", sal$pre, sal$post)
asymptotic_rows("sal", sal$pre, sal$post)

# Distinct non-zero differences (two decimals) with 1 to 5 zeros.
made <- 0
while (made < 8) {
  n <- sample(c(6, 9, 12, 16, 20, 25), 1)
  y <- round(runif(n, 20, 80), 2)
  d <- round(rnorm(n, 1.5, 4), 2)
  d[sample(n, sample(1:min(5, n - 3), 1))] <- 0
  x <- y + d
  dd <- (x - y)[x != y]
  if (!any(x == y) || any(duplicated(abs(dd))) || length(dd) < 3) next
  made <- made + 1
  exact_rows(sprintf("zeros-%d", made), x, y)
}

# Tied one-decimal changes (%FVC, 24 to 32 patients) with zeros, given as the changes
# themselves (x = d, y empty), so that equal tenths are equal numbers in R and Python.
for (case in 1:4) {
  n <- sample(24:32, 1)
  baseline <- round(rnorm(n, 70, 12), 1)
  follow_up <- round(baseline + rnorm(n, 0.5, 2), 1)
  d10 <- round(10 * follow_up) - round(10 * baseline)
  d10[sample(n, case)] <- 0L  # 1 to 4 unchanged
  stopifnot(any(duplicated(abs(d10[d10 != 0]))))
  dd10 <- d10[d10 != 0]
  walsh10 <- outer(dd10, dd10, "+")[!lower.tri(diag(length(dd10)))] / 2
  id <- sprintf("tied-%d", case)
  for (a in alts) for (cl in c(0.9, 0.95)) {
    ci <- invert(walsh10, signed_rank_at(dd10), a, cl)
    add(id, "inversion", d10 / 10, numeric(0), a, cl, NA, median(walsh10) / 10,
        ci[c("low", "high")] / 10, ci[["achieved"]], NA)
  }
  asymptotic_rows(id, d10 / 10, numeric(0))
}
write.csv(do.call(rbind, rows), file.path(outdir, "hl_zeros.csv"), row.names = FALSE)
cat(R.version.string, "exactRankTests", as.character(packageVersion("exactRankTests")), "\n")
