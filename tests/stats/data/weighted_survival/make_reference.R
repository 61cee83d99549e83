# Reference values for the weighted Kaplan-Meier and the weighted Cox model with
# robust (sandwich) errors: tests/stats/test_weighted_survival.py.
#
# Run from this folder:  Rscript make_reference.R
# (R 4.2.2, survival 3.5-3; the versions are written into versions.txt).
#
# Writes
#   cohorts.csv  the data sets, one row per patient
#   km.csv       survfit(Surv(time, status) ~ 1 or ~ stratum, weights = , robust = ,
#                cluster = , conf.type = ): one row per curve and time
#   cox.csv      coxph(Surv(time, status) ~ covariates, weights = , robust = ,
#                cluster = , ties = ) with summary(): one row per fit and term
# Numbers are printed with 17 significant digits; NA is R's NA.
suppressPackageStartupMessages(library(survival))
set.seed(20261207)

fmt <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))

# A confounded cohort: the treated differ in x1 and x2, the hazard depends on both.
make_cohort <- function(name, n, time_digits, admin_censor) {
  x1 <- round(rnorm(n), 3)
  x2 <- rbinom(n, 1, 0.4)
  x3 <- round(runif(n, 20, 80), 1)
  treat <- rbinom(n, 1, plogis(-0.2 + 0.9 * x1 + 0.7 * x2))
  event_time <- rexp(n, 0.08 * exp(-0.5 * treat + 0.4 * x1 + 0.3 * x2))
  censor_time <- runif(n, 2, admin_censor)
  time <- round(pmin(event_time, censor_time), time_digits)
  time <- pmax(time, 10^-time_digits)
  status <- as.integer(event_time <= censor_time)
  ps <- fitted(glm(treat ~ x1 + x2 + x3, family = binomial))
  data.frame(
    dataset = name, id = seq_len(n), time = time, status = status, treat = treat,
    x1 = x1, x2 = x2, x3 = x3,
    w_ate = ifelse(treat == 1, 1 / ps, 1 / (1 - ps)),
    w_att = ifelse(treat == 1, 1, ps / (1 - ps)),
    w_int = sample(1:3, n, replace = TRUE),
    w_zero = ifelse(runif(n) < 0.15, 0, round(runif(n, 0.2, 3), 2)),
    stratum = ifelse(x2 == 1, "b", "a"),
    pair = NA_integer_
  )
}

# A matched sample: each pair one treated and one control patient, as
# MatchIt's 1:1 matching leaves it (pairs of neighbouring propensity scores).
make_matched <- function(name, n_pairs) {
  base <- make_cohort(name, 4 * n_pairs, 0, 30)
  ps <- fitted(glm(treat ~ x1 + x2 + x3, family = binomial, data = base))
  treated <- which(base$treat == 1)
  control <- which(base$treat == 0)
  treated <- treated[order(ps[treated])][seq_len(min(n_pairs, length(treated)))]
  control <- control[order(ps[control])][seq_len(length(treated))]
  out <- base[c(treated, control), ]
  out$pair <- c(seq_along(treated), seq_along(control))
  out$id <- seq_len(nrow(out))
  out
}

cohorts <- rbind(
  make_cohort("ties", 60, 0, 25),      # whole days: many ties, events and censorings together
  make_cohort("fine", 200, 2, 40),     # few ties
  make_cohort("small", 14, 0, 8),      # heavy ties
  make_matched("matched", 40)
)
# The small set ends with events only, so the curve reaches 0; and two treated
# patients have an event, so that the likelihood has a finite maximum.
small <- cohorts$dataset == "small"
last <- small & cohorts$time == max(cohorts$time[small])
cohorts$status[last] <- 1L
cohorts$status[small & cohorts$id %in% c(2, 7)] <- 1L
# Every patient of the other sets gets a pair label too (pairs of consecutive ids),
# for the clustered fits of unmatched data.
no_pair <- is.na(cohorts$pair)
cohorts$pair[no_pair] <- (cohorts$id[no_pair] + 1) %/% 2

# ---- Kaplan-Meier ----
km_rows <- list()
km_case <- function(dataset, weights, robust, cluster, conf_type, strata) {
  d <- cohorts[cohorts$dataset == dataset, ]
  w <- if (weights == "none") NULL else d[[weights]]
  form <- if (strata) Surv(time, status) ~ stratum else Surv(time, status) ~ 1
  args <- list(formula = form, data = d, conf.type = conf_type)
  if (!is.null(w)) args$weights <- w
  if (!is.na(robust)) args$robust <- robust
  if (cluster != "none") args$cluster <- d[[cluster]]
  fit <- do.call(survfit, args)
  stratum <- if (strata) rep(sub("stratum=", "", names(fit$strata)), fit$strata) else "all"
  case <- paste(dataset, weights, ifelse(is.na(robust), "default", robust), cluster,
                conf_type, ifelse(strata, "strata", "all"), sep = "/")
  km_rows[[length(km_rows) + 1]] <<- data.frame(
    case = case, dataset = dataset, weights = weights,
    robust = ifelse(is.na(robust), "NA", robust), cluster = cluster,
    conf_type = conf_type, strata = strata, stratum = stratum,
    time = fmt(fit$time), n.risk = fmt(fit$n.risk), n.event = fmt(fit$n.event),
    n.censor = fmt(fit$n.censor), surv = fmt(fit$surv), std.err = fmt(fit$std.err),
    lower = fmt(fit$lower), upper = fmt(fit$upper),
    logse = fit$logse
  )
}
for (dataset in c("ties", "fine", "small", "matched")) {
  for (weights in c("w_ate", "w_att", "w_int", "w_zero")) {
    for (conf_type in c("log", "log-log", "plain")) {
      km_case(dataset, weights, NA, "none", conf_type, FALSE)
    }
    km_case(dataset, weights, NA, "none", "log", TRUE)
    km_case(dataset, weights, TRUE, "none", "log", FALSE)
    km_case(dataset, weights, FALSE, "none", "log", FALSE)
    km_case(dataset, weights, NA, "pair", "log", FALSE)
    km_case(dataset, weights, NA, "pair", "plain", TRUE)
  }
  km_case(dataset, "none", TRUE, "none", "log", FALSE)
  km_case(dataset, "none", NA, "pair", "log-log", FALSE)
}
km <- do.call(rbind, km_rows)

# ---- Cox ----
cox_rows <- list()
cox_case <- function(dataset, covariates, weights, robust, cluster, ties) {
  d <- cohorts[cohorts$dataset == dataset, ]
  form <- as.formula(paste("Surv(time, status) ~", paste(covariates, collapse = " + ")))
  args <- list(formula = form, data = d, ties = ties)
  if (weights != "none") args$weights <- d[[weights]]
  if (!is.na(robust)) args$robust <- robust
  if (cluster != "none") args$cluster <- d[[cluster]]
  fit <- do.call(coxph, args)
  s <- summary(fit, conf.int = 0.95)
  tab <- s$coefficients
  robust_used <- !is.null(fit$naive.var)
  naive_se <- sqrt(diag(if (robust_used) fit$naive.var else fit$var))
  case <- paste(dataset, paste(covariates, collapse = "+"), weights,
                ifelse(is.na(robust), "default", robust), cluster, ties, sep = "/")
  cox_rows[[length(cox_rows) + 1]] <<- data.frame(
    case = case, dataset = dataset, covariates = paste(covariates, collapse = " "),
    weights = weights, robust = ifelse(is.na(robust), "NA", robust), cluster = cluster,
    ties = ties, robust_used = robust_used, term = rownames(tab),
    coef = fmt(tab[, "coef"]), exp_coef = fmt(tab[, "exp(coef)"]),
    se = fmt(naive_se),
    robust_se = fmt(if (robust_used) tab[, "robust se"] else NA),
    z = fmt(tab[, "z"]), p = fmt(tab[, "Pr(>|z|)"]),
    lower = fmt(s$conf.int[, 3]), upper = fmt(s$conf.int[, 4]),
    loglik0 = fmt(fit$loglik[1]), loglik = fmt(fit$loglik[2]),
    lr = fmt(s$logtest[["test"]]), lr_p = fmt(s$logtest[["pvalue"]]),
    score = fmt(fit$score), score_p = fmt(s$sctest[["pvalue"]]),
    wald = fmt(fit$wald.test), wald_p = fmt(s$waldtest[["pvalue"]]),
    robust_score = fmt(if (robust_used) fit$rscore else NA),
    robust_score_p = fmt(if (robust_used) s$robscore[["pvalue"]] else NA),
    iter = fit$iter, n = fit$n, nevent = fit$nevent
  )
}
covariate_sets <- list("treat", c("treat", "x1"), c("treat", "x1", "x3"))
for (dataset in c("ties", "fine", "small", "matched")) {
  for (covariates in covariate_sets) {
    if (dataset == "small" && length(covariates) > 1) next
    for (ties in c("efron", "breslow")) {
      cox_case(dataset, covariates, "w_ate", NA, "none", ties)
      cox_case(dataset, covariates, "w_att", TRUE, "none", ties)
      cox_case(dataset, covariates, "w_int", NA, "none", ties)
      cox_case(dataset, covariates, "w_int", TRUE, "none", ties)
      cox_case(dataset, covariates, "none", TRUE, "none", ties)
      cox_case(dataset, covariates, "none", NA, "pair", ties)
      cox_case(dataset, covariates, "w_ate", NA, "pair", ties)
    }
  }
}
cox <- do.call(rbind, cox_rows)

cohorts_out <- cohorts
for (col in c("time", "x1", "x3", "w_ate", "w_att", "w_zero")) {
  cohorts_out[[col]] <- fmt(cohorts_out[[col]])
}
write.csv(cohorts_out, "cohorts.csv", row.names = FALSE)
write.csv(km, "km.csv", row.names = FALSE)
write.csv(cox, "cox.csv", row.names = FALSE)
writeLines(c(R.version.string, paste("survival", packageVersion("survival"))), "versions.txt")
print(warnings())
