# Table 1 SMDs of the confounded cohort, by tableone's formulas (tableone itself is not
# installed here): tests/adjustment/test_table1_smd_r.py. Run from this folder after
# make_table1_input.py:  Rscript table1_reference.R   (R 4.2.2, MASS 7.3)
d <- read.csv("table1_input.csv")
t <- d$treated
num <- function(x) {
  ok <- !is.na(x)
  a <- x[ok & t == 1]; b <- x[ok & t == 0]
  abs(mean(a) - mean(b)) / sqrt((var(a) + var(b)) / 2)
}
bin <- function(x) {
  p1 <- mean(x[t == 1]); p0 <- mean(x[t == 0])
  abs(p1 - p0) / sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / 2)
}
cat_smd <- function(x) {  # Yang and Dalton (2012), as tableone:::StdDiffMulti
  lev <- sort(unique(x))
  p1 <- sapply(lev, function(l) mean(x[t == 1] == l))[-1]
  p0 <- sapply(lev, function(l) mean(x[t == 0] == l))[-1]
  cov_m <- function(p) { s <- -outer(p, p); diag(s) <- p * (1 - p); s }
  S <- (cov_m(p1) + cov_m(p0)) / 2
  T <- p1 - p0
  sqrt(drop(t(T) %*% MASS::ginv(S) %*% T))
}
out <- data.frame(
  row = c("age", "female", "diagnosis", "ild", "ck", "months"),
  smd = c(num(d$age), bin(d$female), cat_smd(d$diagnosis), bin(d$ild), num(d$ck), num(d$months)))
write.csv(out, "table1_reference.csv", row.names = FALSE)
