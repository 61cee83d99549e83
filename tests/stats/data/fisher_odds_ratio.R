# Reference odds ratios and intervals of 2 x 2 tables for tests/stats/test_fisher.py,
# with 17 significant digits, so that the root searches can be checked against
# R's uniroot() path to far better than its tolerance (about 1e-4).
# Usage (from this directory): Rscript fisher_odds_ratio.R  -> writes fisher_odds_ratio.csv
# Generated with R 4.2.2 (stats package only).
set.seed(20261126)
num <- function(v) sprintf("%.17g", v)

fixed <- list(
  c(3, 11, 9, 5),  # estimate below 1, mean at ncp = 1 exactly k m / N = 6
  c(2, 3, 4, 1),   # estimate below 1
  c(1, 3, 5, 3),   # estimate below 1
  c(11, 3, 5, 9),  # the mirror image of the first: estimate above 1
  c(9, 5, 3, 11),
  c(3, 2, 1, 4)
)
random <- list()
while (length(random) < 60) {
  total <- sample(c(8, 12, 20, 30, 60, 150), 1)
  cells <- as.vector(rmultinom(1, total, runif(4)))
  m <- matrix(cells, 2, byrow = TRUE)
  if (any(rowSums(m) == 0) || any(colSums(m) == 0)) next
  random[[length(random) + 1]] <- cells
}
rows <- lapply(seq_along(c(fixed, random)), function(i) {
  cells <- c(fixed, random)[[i]]
  m <- matrix(cells, 2, byrow = TRUE)
  two <- fisher.test(m)
  less <- fisher.test(m, alternative = "less", conf.level = 0.9)
  greater <- fisher.test(m, alternative = "greater", conf.level = 0.9)
  data.frame(
    id = sprintf("or-%03d", i),
    table = paste(cells, collapse = " "),
    odds_ratio = num(two$estimate),
    ci_low = num(two$conf.int[1]),
    ci_high = num(two$conf.int[2]),
    less_90_high = num(less$conf.int[2]),
    greater_90_low = num(greater$conf.int[1])
  )
})
write.csv(do.call(rbind, rows), "fisher_odds_ratio.csv", row.names = FALSE)
cat(R.version.string, "\n")
