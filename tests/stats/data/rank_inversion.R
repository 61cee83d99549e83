# The exact conditional inversion of the rank tests, in exact arithmetic; sourced by
# rank_ci_decimal.R and hl_zeros.R (this file writes nothing).
#
# R has no exact interval for tied data (wilcox.test falls back to the normal
# approximation; exactRankTests::wilcox.exact uses the null of the observed ranks at
# every shift and reports the nominal level), so the scripts invert the exact
# conditional test themselves, on data scaled to integers (so every candidate shift,
# a Walsh average or pairwise difference, is exact and two equal shifts are one
# shift). For every open interval between consecutive distinct candidates the exact
# null of the mid-ranks at its midpoint comes from exactRankTests::dperm. The
# interval is closed at its ends: low is the left end of the first interval the
# upper-tail test accepts (P(T >= t) >= alpha'), high the right end of the last one
# the lower-tail test accepts (P(T <= t) >= alpha'), alpha' = alpha / 2 two-sided,
# alpha one-sided, with R's fuzz 10 * .Machine$double.eps. The achieved level is one
# minus the attained sizes of those two tests (the largest tail probability below
# alpha', or the probability of the extreme value, which is always rejected).
suppressMessages({library(exactRankTests)})
fuzz <- 10 * .Machine$double.eps

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
