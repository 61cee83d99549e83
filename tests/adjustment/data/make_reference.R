# Reference values for the adjusted comparison of the confounded cohort
# (tests/adjustment/test_adjusted_comparison_r.py). Run from this folder, after
# make_input.py has written input.csv:
#   Rscript make_reference.R
# R 4.2.2, sandwich 3.0-2, survival 3.4. Writes reference.csv (estimand, quantity, value).
suppressMessages({library(sandwich); library(survival)})
d <- read.csv("input.csv")
d$smoking <- factor(d$smoking)  # levels sorted: current (reference), former, never
fit <- glm(treated ~ age + female + anti_mda5 + disease_months + smoking + gc_dose,
           family = binomial, data = d)
ps <- fitted(fit)
t <- d$treated
X <- model.matrix(fit)[, -1]
out <- data.frame(estimand = "all", quantity = paste0("coef:", names(coef(fit))),
                  value = unname(coef(fit)))
out <- rbind(out, data.frame(estimand = "all", quantity = paste0("ps:", seq_along(ps) - 1),
                             value = unname(ps)))
smd <- function(x, w, denominator) {
  binary <- all(x %in% c(0, 1))
  v <- function(z) if (binary) mean(z) * (1 - mean(z)) else var(z)
  s <- switch(denominator, pooled = sqrt((v(x[t == 1]) + v(x[t == 0])) / 2),
              treated = sqrt(v(x[t == 1])))
  (weighted.mean(x[t == 1], w[t == 1]) - weighted.mean(x[t == 0], w[t == 0])) / s
}
weights <- list(ATE = ifelse(t == 1, 1 / ps, 1 / (1 - ps)),
                ATT = ifelse(t == 1, 1, ps / (1 - ps)),
                ATO = ifelse(t == 1, 1 - ps, ps))
for (estimand in names(weights)) {
  w <- weights[[estimand]]
  denominator <- if (estimand == "ATT") "treated" else "pooled"
  row <- function(q, v) data.frame(estimand = estimand, quantity = q, value = v)
  for (j in colnames(X)) out <- rbind(out, row(paste0("smd:", j), smd(X[, j], w, denominator)))
  out <- rbind(out, row("ess:treated", sum(w[t == 1])^2 / sum(w[t == 1]^2)),
               row("ess:control", sum(w[t == 0])^2 / sum(w[t == 0]^2)))
  rd <- lm(died ~ treated, data = d, weights = w)
  or <- suppressWarnings(glm(died ~ treated, data = d, weights = w, family = quasibinomial))
  md <- lm(ck_change ~ treated, data = d, weights = w)
  out <- rbind(out,
    row("rd", coef(rd)[2]), row("rd_se", sqrt(vcovHC(rd, type = "HC0")[2, 2])),
    row("or", exp(coef(or)[2])), row("log_or_se", sqrt(vcovHC(or, type = "HC0")[2, 2])),
    row("md", coef(md)[2]), row("md_se", sqrt(vcovHC(md, type = "HC0")[2, 2])))
  fit <- coxph(Surv(death_days, death_event) ~ treated, data = d, weights = w, robust = TRUE)
  km <- survfit(Surv(death_days, death_event) ~ 1, data = d[t == 1, ], weights = w[t == 1])
  out <- rbind(out, row("cox_hr", exp(coef(fit))), row("cox_robust_se", sqrt(vcov(fit)[1, 1])),
               row("km_treated_365", summary(km, times = 365)$surv))
}
write.csv(out, "reference.csv", row.names = FALSE)
