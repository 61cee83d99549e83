# Exact intervals and their achieved level for data with one decimal and ties.
# Usage: Rscript rank_ci_decimal.R OUTDIR
#
# R has no exact interval for tied data (wilcox.test falls back to the normal
# approximation, exactRankTests::wilcox.exact reports the nominal level), so
# this script inverts the exact conditional test itself, in exact arithmetic:
# the one-decimal data are scaled to integers (d10 = 10 d), so every candidate
# shift (Walsh average or pairwise difference) is exact and two equal shifts
# are one shift. For every open interval between consecutive distinct
# candidates the exact null of the mid-ranks at its midpoint comes from
# exactRankTests::dperm. The interval is closed at its ends: low is the left
# end of the first interval the upper-tail test accepts (P(T >= t) >= alpha'),
# high the right end of the last one the lower-tail test accepts
# (P(T <= t) >= alpha'), alpha' = alpha / 2 two-sided, alpha one-sided, with
# R's fuzz 10 * .Machine$double.eps. The achieved level is one minus the
# attained sizes of those two tests (the largest tail probability below
# alpha', or the probability of the extreme value, which is always rejected).
suppressMessages({library(exactRankTests)})
outdir <- commandArgs(trailingOnly = TRUE)[1]
set.seed(20261126)
fuzz <- 10 * .Machine$double.eps
fmt <- function(v) paste(sprintf("%.17g", v), collapse = " ")

# Attained size of a one-sided test with tail probabilities `tail` over the grid.
size <- function(tail, level, extreme) {
  rejected <- tail[tail < level - fuzz]
  if (length(rejected)) max(rejected) else extreme
}

# One gap: P(T >= t), P(T <= t) for the observed sum t of the `chosen` ranks,
# and both attained sizes. T - offset is the statistic (V, or U = W); the extremes
# always rejected are P(T - offset <= 0) and P(T - offset >= largest).
gap_test <- function(ranks, chosen, m, offset, largest, level) {
  grid <- seq(0, sum(ranks), by = 0.5)
  pmf <- dperm(grid, ranks, m, paired = (m == length(ranks)))
  cdf <- cumsum(pmf); sf <- rev(cumsum(rev(pmf)))
  i <- round(2 * sum(ranks[chosen])) + 1
  at <- function(tail, value) tail[round(2 * (value + offset)) + 1]
  list(sf = sf[i], cdf = cdf[i],
       upper = size(sf, level, at(sf, largest)), lower = size(cdf, level, at(cdf, 0)))
}

invert <- function(candidates, test_at, alternative, conf_level) {
  alpha <- 1 - conf_level
  level <- if (alternative == "two.sided") alpha / 2 else alpha
  cands <- sort(unique(candidates))
  k <- length(cands)
  spread <- max(1, cands[k] - cands[1])
  mids <- c(cands[1] - spread, (cands[-1] + cands[-k]) / 2, cands[k] + spread)
  tests <- lapply(mids, test_at, level = level)
  low <- -Inf; high <- Inf; size_low <- 0; size_high <- 0
  if (alternative != "less") {
    j <- which(sapply(tests, function(g) g$sf >= level - fuzz))[1]
    low <- if (j == 1) cands[1] else cands[j - 1]
    size_low <- tests[[j]]$upper
  }
  if (alternative != "greater") {
    accepted <- which(sapply(tests, function(g) g$cdf >= level - fuzz))
    j <- accepted[length(accepted)]
    high <- if (j == k + 1) cands[k] else cands[j]
    size_high <- tests[[j]]$lower
  }
  c(low = low, high = high, achieved = 1 - size_low - size_high)
}

signed_rank_at <- function(d10) function(mu, level) {
  s <- d10 - mu
  r <- rank(abs(s))
  gap_test(r, s > 0, length(s), 0, sum(r), level)
}

rank_sum_at <- function(x10, y10) function(mu, level) {
  r <- rank(c(x10 - mu, y10))
  m <- length(x10)
  gap_test(r, seq_along(r) <= m, m, m * (m + 1) / 2, m * length(y10), level)
}

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
