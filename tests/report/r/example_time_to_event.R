# Reference values for the example report's time-to-event section.
# Input: example_event_times.csv (every analysed patient's endpoints, from
# report.event_frame()). Run from this folder:
#   Rscript example_time_to_event.R > example_time_to_event.csv
# R 4.2.2, survival 3.5-3, coin 1.4-2.
suppressMessages({library(survival); library(coin)})
d <- read.csv("example_event_times.csv")
d$g <- factor(d$group, levels = c("MMF alone", "MMF + CNI"))  # reference: MMF alone
out <- NULL
for (ep in c("ild_progression", "death", "progression_or_death")) {
  s <- d[d$endpoint == ep, ]
  sd <- survdiff(Surv(days, event) ~ g, data = s)
  cx <- coxph(Surv(days, event) ~ g, data = s)
  ex <- pvalue(logrank_test(Surv(days, event) ~ g, data = s, distribution = "exact"))
  fit <- survfit(Surv(days, event) ~ g, data = s)
  km <- summary(fit, times = 365.25, extend = TRUE)
  out <- rbind(out, data.frame(
    endpoint = ep,
    logrank_pvalue = pchisq(sd$chisq, 1, lower.tail = FALSE),
    logrank_exact_pvalue = as.numeric(ex),
    hazard_ratio = unname(exp(coef(cx))),
    hr_low = exp(confint(cx))[1], hr_high = exp(confint(cx))[2],
    survival_1y_alone = km$surv[1], survival_1y_cni = km$surv[2]))
}
write.csv(out, stdout(), row.names = FALSE)
