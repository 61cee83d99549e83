# Reference values for tests/stats/test_kaplan_meier.py, test_logrank.py, test_cox.py
# and test_cumulative_incidence.py.
# Usage (from this directory): Rscript survival.R
#   -> writes kaplan_meier.csv, logrank.csv, cox.csv, cumulative_incidence.csv
# Generated with R 4.2.2 Patched (2022-11-10 r83330), survival 3.5-3, coin 1.4-2.
# Numbers are printed with sprintf("%.17g") (R's doubles exactly); vectors are
# space-separated; "NA" is R's NA; matrices are written row by row.
suppressMessages({
  library(survival)
  library(coin)
})
set.seed(20261125)
num <- function(v) ifelse(is.na(v) & !is.nan(v), "NA", sprintf("%.17g", v))
fmt <- function(v) paste(num(v), collapse = " ")

# ---------------------------------------------------------------------------
# Samples: small, with ties between events and censorings, n from 5 to 50.
# ---------------------------------------------------------------------------
random_sample <- function(n, n_groups = 2, top = NULL, p_event = 0.7) {
  if (is.null(top)) top <- sample(c(4, 8, 15, 40), 1)
  list(
    time = sample(seq_len(top), n, replace = TRUE) / sample(c(1, 2, 4), 1),
    event = rbinom(n, 1, p_event),
    group = sample(rep_len(seq_len(n_groups), n)),
    strata = sample(rep_len(1:2, n))
  )
}

# ---------------------------------------------------------------------------
# Kaplan-Meier: survfit(Surv(time, event) ~ 1, conf.type = ...)
# ---------------------------------------------------------------------------
km_fixed <- list(
  list(time = c(1, 2, 2, 2, 3, 4, 4, 5, 5, 6), event = c(1, 1, 0, 1, 0, 1, 1, 0, 1, 1)),
  list(time = c(3, 5, 7, 9, 11), event = c(0, 0, 0, 0, 0)),           # no event: median NA
  list(time = c(1, 2, 3, 4, 5, 6), event = c(1, 0, 0, 0, 0, 0)),      # S stays above 0.5
  list(time = c(1, 2, 3, 4, 5, 6), event = c(1, 1, 1, 0, 0, 0)),      # S ends at exactly 0.5
  list(time = c(1, 2, 3, 4, 5, 6, 7, 8), event = c(1, 1, 1, 1, 1, 0, 1, 0)), # flat at 0.5
  list(time = c(2, 2, 2, 2, 2), event = c(1, 1, 0, 0, 1)),             # all tied
  list(time = c(1, 1, 2, 3, 3, 3, 4), event = c(1, 0, 1, 1, 1, 1, 0)), # ends at S = 0? no: censored last
  list(time = c(0.5, 1.5, 1.5, 2.5, 3.5), event = c(1, 1, 1, 1, 1))    # ends at S = 0
)
km_samples <- km_fixed
for (n in c(5, 7, 10, 12, 15, 20, 25, 30, 40, 50)) {
  for (k in 1:2) km_samples[[length(km_samples) + 1]] <- random_sample(n)
}
at_times <- function(time) sort(unique(c(-1, 0, min(time) / 2, quantile(time, c(0.3, 0.6)),
                                          time[1], max(time), max(time) + 1)))
km_rows <- list()
for (i in seq_along(km_samples)) {
  d <- km_samples[[i]]
  for (ct in c("log", "log-log", "plain")) {
    fit <- survfit(Surv(d$time, d$event) ~ 1, conf.type = ct)
    q <- quantile(fit, 0.5)
    tab <- summary(fit)$table
    at <- at_times(d$time)
    sm <- summary(fit, times = at, extend = TRUE)
    km_rows[[length(km_rows) + 1]] <- data.frame(
      id = sprintf("km-%02d-%s", i, ct), conf_type = ct,
      time = fmt(d$time), event = fmt(d$event),
      out_time = fmt(fit$time), n_risk = fmt(fit$n.risk), n_event = fmt(fit$n.event),
      n_censor = fmt(fit$n.censor), surv = fmt(fit$surv), std_err = fmt(fit$std.err),
      lower = fmt(fit$lower), upper = fmt(fit$upper),
      median = num(unname(q$quantile)), median_lower = num(unname(q$lower)),
      median_upper = num(unname(q$upper)),
      print_median = num(tab[["median"]]), print_lower = num(tab[["0.95LCL"]]),
      print_upper = num(tab[["0.95UCL"]]),
      at = fmt(at), at_surv = fmt(sm$surv), at_std_err = fmt(sm$std.err),
      at_lower = fmt(sm$lower), at_upper = fmt(sm$upper), at_n_risk = fmt(sm$n.risk)
    )
  }
}
write.csv(do.call(rbind, km_rows), "kaplan_meier.csv", row.names = FALSE)

# ---------------------------------------------------------------------------
# Log-rank: survdiff(Surv(time, event) ~ group [+ strata(s)], rho = rho);
# two groups without strata also coin::logrank_test (exact and asymptotic).
# ---------------------------------------------------------------------------
lr_fixed <- list(
  list(time = c(1, 2, 2, 3, 4, 4, 5, 6), event = c(1, 1, 0, 1, 1, 0, 1, 1),
       group = c(1, 2, 1, 2, 1, 2, 2, 1), strata = c(1, 1, 1, 1, 2, 2, 2, 2)),
  list(time = c(1, 1, 1, 2, 2), event = c(1, 1, 0, 1, 0), group = c(1, 2, 2, 1, 2),
       strata = c(1, 1, 1, 1, 1)),
  list(time = c(2, 3, 3, 3, 5, 6, 8, 8, 9, 12), event = c(1, 1, 1, 0, 1, 1, 0, 1, 1, 0),
       group = c(1, 1, 1, 1, 1, 2, 2, 2, 2, 2), strata = c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2))
)
lr_samples <- list()
for (d in lr_fixed) lr_samples[[length(lr_samples) + 1]] <- c(d, list(n_groups = 2))
for (n in c(5, 6, 8, 10, 12, 14, 16, 18, 20, 24)) {
  for (k in 1:2) lr_samples[[length(lr_samples) + 1]] <- c(random_sample(n), list(n_groups = 2))
}
for (n in c(9, 15, 30, 50)) {
  lr_samples[[length(lr_samples) + 1]] <- c(random_sample(n, 3), list(n_groups = 3))
}
for (n in c(30, 40, 50)) {
  lr_samples[[length(lr_samples) + 1]] <- c(random_sample(n, 2), list(n_groups = 2))
}
lr_rows <- list()
for (i in seq_along(lr_samples)) {
  d <- lr_samples[[i]]
  if (length(unique(d$group)) < 2) next
  for (rho in c(0, 1)) {
    for (stratified in c(FALSE, TRUE)) {
      if (stratified && length(unique(d$strata)) < 2) next
      g <- factor(d$group)
      s <- factor(d$strata)
      fit <- tryCatch(
        if (stratified) survdiff(Surv(d$time, d$event) ~ g + strata(s), rho = rho)
        else survdiff(Surv(d$time, d$event) ~ g, rho = rho),
        error = function(e) NULL  # a singular variance: R stops, and so do the tests
      )
      if (is.null(fit)) next
      obs <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
      exp <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
      df <- sum(exp > 0) - 1
      z <- p_exact <- p_asym <- NA
      if (rho == 0 && !stratified && nlevels(g) == 2) {
        asym <- logrank_test(Surv(d$time, d$event) ~ g)
        z <- statistic(asym)
        p_asym <- pvalue(asym)
        if (length(d$time) <= 24) {
          p_exact <- pvalue(logrank_test(Surv(d$time, d$event) ~ g, distribution = "exact"))
        }
      }
      lr_rows[[length(lr_rows) + 1]] <- data.frame(
        id = sprintf("lr-%02d-rho%d%s", i, rho, if (stratified) "-strata" else ""),
        time = fmt(d$time), event = fmt(d$event), group = fmt(d$group),
        strata = if (stratified) fmt(d$strata) else "", rho = rho,
        chisq = num(fit$chisq), df = df, pvalue = num(fit$pvalue),
        observed = fmt(obs), expected = fmt(exp), var = fmt(t(fit$var)),
        coin_z = num(unname(z)), coin_p_asymptotic = num(p_asym), coin_p_exact = num(p_exact)
      )
    }
  }
}
write.csv(do.call(rbind, lr_rows), "logrank.csv", row.names = FALSE)

# ---------------------------------------------------------------------------
# Cox: coxph(Surv(time, event) ~ x, ties = ties); summary(fit) for the tests.
# ---------------------------------------------------------------------------
cox_samples <- list(
  # monotone likelihood: every event in group 1
  list(time = c(1, 2, 3, 4, 5, 6, 7, 8), event = c(1, 1, 1, 0, 0, 1, 0, 0),
       x = matrix(c(1, 1, 1, 1, 0, 1, 0, 0), ncol = 1), monotone = TRUE),
  list(time = c(1, 1, 2, 2, 2, 3, 4, 4, 5, 6), event = c(1, 1, 1, 0, 1, 1, 1, 0, 1, 0),
       x = matrix(c(0, 1, 0, 1, 1, 0, 1, 0, 1, 0), ncol = 1), monotone = FALSE)
)
for (n in c(8, 12, 15, 20, 30, 40, 50)) {
  for (p in 1:3) {
    d <- random_sample(n, 2, p_event = 0.75)
    cols <- list(d$group - 1, round(rnorm(n, 50, 12)), round(rnorm(n), 1))
    x <- do.call(cbind, cols[seq_len(p)])
    # a group effect so that the coefficients are not all near zero
    d$time <- d$time * ifelse(x[, 1] == 1, 1.5, 1)
    cox_samples[[length(cox_samples) + 1]] <- list(time = d$time, event = d$event, x = x,
                                                   monotone = FALSE)
  }
}
cox_rows <- list()
for (i in seq_along(cox_samples)) {
  d <- cox_samples[[i]]
  if (sum(d$event) < 2) next
  for (ties in c("efron", "breslow")) {
    warned <- character(0)
    fit <- withCallingHandlers(
      coxph(Surv(d$time, d$event) ~ d$x, ties = ties),
      warning = function(w) {
        warned <<- c(warned, trimws(conditionMessage(w)))
        invokeRestart("muffleWarning")
      }
    )
    s <- summary(fit)
    cox_rows[[length(cox_rows) + 1]] <- data.frame(
      id = sprintf("cox-%02d-%s", i, ties), ties = ties,
      time = fmt(d$time), event = fmt(d$event), x = fmt(t(d$x)), p = ncol(d$x),
      coef = fmt(coef(fit)), std_err = fmt(sqrt(diag(fit$var))),
      hazard_ratio = fmt(exp(coef(fit))),
      lower = fmt(s$conf.int[, "lower .95"]), upper = fmt(s$conf.int[, "upper .95"]),
      pvalue = fmt(s$coefficients[, "Pr(>|z|)"]),
      loglik = fmt(fit$loglik), iter = fit$iter,
      lr = num(s$logtest[["test"]]), lr_p = num(s$logtest[["pvalue"]]),
      score = num(s$sctest[["test"]]), score_p = num(s$sctest[["pvalue"]]),
      wald = num(unname(fit$wald.test)), wald_p = num(s$waldtest[["pvalue"]]),
      warning = paste(warned, collapse = " | ")
    )
  }
}
write.csv(do.call(rbind, cox_rows), "cox.csv", row.names = FALSE)

# ---------------------------------------------------------------------------
# Cumulative incidence (Aalen-Johansen): survfit(Surv(time, factor(status)) ~ 1)
# ---------------------------------------------------------------------------
ci_samples <- list(
  list(time = c(1, 2, 2, 2, 3, 4, 4, 5, 5, 6, 7, 8), status = c(1, 2, 0, 1, 0, 1, 2, 0, 1, 2, 0, 1)),
  list(time = c(1, 1, 1, 2, 3, 3), status = c(1, 2, 0, 2, 1, 1))
)
for (n in c(5, 8, 12, 20, 30, 40, 50)) {
  for (k in 1:2) {
    d <- random_sample(n)
    st <- sample(0:2, n, replace = TRUE, prob = c(0.3, 0.4, 0.3))
    if (!any(st == 1)) st[1] <- 1
    if (!any(st == 2)) st[2] <- 2
    ci_samples[[length(ci_samples) + 1]] <- list(time = d$time, status = st)
  }
}
ci_rows <- list()
for (i in seq_along(ci_samples)) {
  d <- ci_samples[[i]]
  fit <- survfit(Surv(d$time, factor(d$status, 0:2)) ~ 1)
  for (cause in 1:2) {
    col <- which(fit$states == as.character(cause))
    ci_rows[[length(ci_rows) + 1]] <- data.frame(
      id = sprintf("ci-%02d-cause%d", i, cause), cause = cause,
      time = fmt(d$time), status = fmt(d$status),
      out_time = fmt(fit$time), n_risk = fmt(fit$n.risk[, 1]),
      n_event = fmt(fit$n.event[, col]), n_censor = fmt(fit$n.censor),
      pstate = fmt(fit$pstate[, col]), std_err = fmt(fit$std.err[, col]),
      lower = fmt(fit$lower[, col]), upper = fmt(fit$upper[, col])
    )
  }
}
write.csv(do.call(rbind, ci_rows), "cumulative_incidence.csv", row.names = FALSE)
cat(R.version.string, "survival", format(packageVersion("survival")),
    "coin", format(packageVersion("coin")), "\n")
