# Reference values (and coin's run times) for the exact log-rank test:
# tests/stats/test_logrank.py and benchmarks/bench_logrank.py.
#   Rscript tests/stats/data/logrank_exact.R   (from the repository root)
#   -> reads tests/stats/data/logrank_exact_cases.csv (written by logrank_exact_cases.py),
#      adds coin's ocarcinoma, writes tests/stats/data/logrank_exact.csv
# Generated with R 4.2.2, coin 1.4-2, survival 3.5-3.
# coin_p_exact = pvalue(logrank_test(Surv(time, event) ~ g, distribution = "exact")),
# g = factor(group); coin_seconds = its elapsed time here (one run, shared machine);
# NA where coin had not finished after LIMIT seconds (the case is then killed).
suppressPackageStartupMessages({
  library(coin)
  library(survival)
  library(parallel)
})
LIMIT <- 60
here <- "tests/stats/data"
cases <- read.csv(file.path(here, "logrank_exact_cases.csv"), colClasses = "character")
data(ocarcinoma, package = "coin")
cases <- rbind(cases, data.frame(
  id = "ocarcinoma",
  time = paste(ocarcinoma$time, collapse = " "),
  event = paste(as.integer(ocarcinoma$event), collapse = " "),
  group = paste(as.integer(ocarcinoma$stadium) - 1L, collapse = " ")
))
nums <- function(s) as.numeric(strsplit(s, " ")[[1]])
rows <- list()
for (i in seq_len(nrow(cases))) {
  d <- data.frame(time = nums(cases$time[i]), event = nums(cases$event[i]),
                  g = factor(nums(cases$group[i])))
  job <- mcparallel({
    start <- proc.time()[["elapsed"]]
    p <- pvalue(logrank_test(Surv(time, event) ~ g, data = d, distribution = "exact"))
    c(p = p, seconds = proc.time()[["elapsed"]] - start)
  })
  res <- mccollect(job, wait = FALSE, timeout = LIMIT)
  if (is.null(res)) {
    tools::pskill(job$pid)
    mccollect(job, wait = TRUE)
    out <- c(p = NA, seconds = NA)
  } else {
    out <- res[[1]]
  }
  z <- statistic(logrank_test(Surv(time, event) ~ g, data = d))
  cat(cases$id[i], out[["p"]], out[["seconds"]], "\n")
  rows[[i]] <- data.frame(
    id = cases$id[i], time = cases$time[i], event = cases$event[i], group = cases$group[i],
    coin_z = sprintf("%.17g", z),
    coin_p_exact = ifelse(is.na(out[["p"]]), "NA", sprintf("%.17g", out[["p"]])),
    coin_seconds = ifelse(is.na(out[["seconds"]]), "NA", sprintf("%.3f", out[["seconds"]]))
  )
}
write.csv(do.call(rbind, rows), file.path(here, "logrank_exact.csv"), row.names = FALSE)
cat("R", format(getRversion()), "coin", format(packageVersion("coin")),
    "survival", format(packageVersion("survival")), "\n")
