# Reference values for tests/stats/test_chi_square.py (and extra Fisher p-values
# for clinical table shapes used by tests/stats/test_fisher.py).
# Usage (from this directory): Rscript chi_square.R   -> writes chi_square.csv
# Generated with R 4.2.2 (stats package only).
set.seed(20261125)
fmt <- function(v) paste(sprintf("%.17g", v), collapse = " ")
num <- function(v) sprintf("%.17g", v)

fixed <- list(
  matrix(c(10, 3, 2, 12), 2, byrow = TRUE),    # classic small table
  matrix(c(10, 10, 10, 11), 2, byrow = TRUE),  # |O - E| < 0.5: Yates uses |O - E|
  matrix(c(5, 5, 5, 5), 2, byrow = TRUE),      # O == E: no correction at all
  matrix(c(12, 0, 0, 6), 2, byrow = TRUE),     # zero cells
  matrix(c(1, 9, 11, 3), 2, byrow = TRUE),
  matrix(c(120, 80, 95, 105), 2, byrow = TRUE),
  matrix(c(12, 8, 1, 15, 11, 11, 6, 14), 2, byrow = TRUE),
  matrix(c(30, 25, 29, 27, 12, 30, 13, 3, 27), 3, byrow = TRUE),
  matrix(c(20, 20, 20, 20, 20, 20, 20, 20, 20, 20), 2, byrow = TRUE),
  matrix(c(25, 22, 20, 18, 15, 15, 18, 20, 22, 25), 2, byrow = TRUE),
  matrix(c(30, 20, 20, 20, 10, 10, 20, 20, 20, 30), 2, byrow = TRUE),
  matrix(c(60, 20, 10, 5, 5, 40, 30, 15, 10, 5), 2, byrow = TRUE),
  matrix(c(12, 15, 10, 13, 13, 12, 14, 11, 10, 13, 12, 15), 3, byrow = TRUE),
  matrix(c(32, 16, 9, 1, 8, 13, 10, 7, 12, 20, 13, 9, 12, 26, 7, 5), 2, byrow = TRUE),
  matrix(c(30, 25, 25, 25, 25, 20, 20, 25, 25, 25, 25, 30), 2, byrow = TRUE),
  matrix(c(91, 141, 82, 117, 131, 31, 45, 19, 134, 9), 2, byrow = TRUE)
)
shapes <- list(c(2, 2), c(2, 3), c(3, 2), c(3, 3), c(2, 5), c(5, 2), c(3, 4))
random <- list()
while (length(random) < 42) {
  s <- shapes[[length(random) %% length(shapes) + 1]]
  n <- sample(c(20, 40, 80, 120, 200), 1)
  p <- rgamma(s[1] * s[2], shape = sample(c(0.7, 2, 6), 1))
  m <- matrix(rmultinom(1, n, p / sum(p)), s[1], s[2])
  if (any(rowSums(m) == 0) || any(colSums(m) == 0)) next
  random[[length(random) + 1]] <- m
}
tables <- c(fixed, random)

rows <- lapply(seq_along(tables), function(i) {
  m <- tables[[i]]
  yes <- suppressWarnings(chisq.test(m, correct = TRUE))
  no <- suppressWarnings(chisq.test(m, correct = FALSE))
  data.frame(
    id = sprintf("chisq-%03d", i), nrow = nrow(m), ncol = ncol(m),
    table = fmt(as.vector(t(m))),
    statistic_correct = num(unname(yes$statistic)), p_correct = num(yes$p.value),
    method_correct = yes$method,
    statistic_uncorrected = num(unname(no$statistic)), p_uncorrected = num(no$p.value),
    df = unname(no$parameter),
    expected = fmt(as.vector(t(no$expected))),
    fisher_p_two.sided = num(fisher.test(m, workspace = 2e7)$p.value)
  )
})
write.csv(do.call(rbind, rows), "chi_square.csv", row.names = FALSE)
cat(R.version.string, "\n")
