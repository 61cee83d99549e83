# Reference values for the as-treated time to event of tests/report/_as_treated_cohort.py.
# Input: as_treated_event_times.csv (report.event_frame() of that cohort: each patient's
# as-treated time and event per endpoint). Run from this folder:
#   Rscript as_treated_time_to_event.R > as_treated_time_to_event.csv
# R 4.2.2, survival 3.5-3.
suppressMessages(library(survival))
d <- read.csv("as_treated_event_times.csv")
d$g <- factor(d$group, levels = c("azathioprine", "methotrexate"))  # reference: azathioprine
out <- NULL
for (ep in c("ild_progression", "death", "progression_or_death")) {
  s <- d[d$endpoint == ep, ]
  sd <- survdiff(Surv(days, event) ~ g, data = s)
  cx <- coxph(Surv(days, event) ~ g, data = s, ties = "efron")
  fit <- survfit(Surv(days, event) ~ g, data = s, conf.type = "log")
  km <- summary(fit, times = 365.25, extend = TRUE)
  out <- rbind(out, data.frame(
    endpoint = ep,
    logrank_pvalue = pchisq(sd$chisq, 1, lower.tail = FALSE),
    hazard_ratio = unname(exp(coef(cx))),
    hr_low = exp(confint(cx))[1], hr_high = exp(confint(cx))[2],
    survival_1y_azathioprine = km$surv[1], survival_1y_methotrexate = km$surv[2],
    low_1y_methotrexate = km$lower[2], high_1y_methotrexate = km$upper[2]))
}
write.csv(out, stdout(), row.names = FALSE)
