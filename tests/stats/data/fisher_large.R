# Fisher's exact test beyond the former fixed budgets (issue 24): two 4 x 4 tables that
# fisher.test computes in about 1 s and 80 s, and a 2 x 2 table whose top-left count has
# 1,000,301 possible values. R 4.2.2. Usage: Rscript fisher_large.R OUTDIR
outdir <- commandArgs(trailingOnly = TRUE)[1]
fmt <- function(v) paste(format(v, scientific = FALSE, trim = TRUE), collapse = " ")
tables <- list(
  matrix(c(10, 12, 8, 11, 9, 13, 10, 8, 12, 7, 11, 10, 8, 10, 12, 9), 4),
  matrix(c(15, 12, 18, 11, 14, 13, 10, 16, 12, 17, 11, 10, 18, 10, 12, 14), 4),
  matrix(c(500000, 500700, 500300, 500000), 2)
)
rows <- list()
for (t in tables) {
  seconds <- system.time(f <- fisher.test(t, workspace = 2e9))[["elapsed"]]
  two <- nrow(t) == 2 && ncol(t) == 2
  rows[[length(rows) + 1]] <- data.frame(
    nrow = nrow(t), table = fmt(t(t)),  # row by row
    pvalue = sprintf("%.17g", f$p.value),
    estimate = if (two) sprintf("%.17g", f$estimate) else NA,
    ci_low = if (two) sprintf("%.17g", f$conf.int[1]) else NA,
    ci_high = if (two) sprintf("%.17g", f$conf.int[2]) else NA,
    r_seconds = seconds)
}
write.csv(do.call(rbind, rows), file.path(outdir, "fisher_large.csv"), row.names = FALSE)
