# Reference values for propensity scores, weights, matching, balance and adjusted
# estimates (tests/stats/test_adjustment_r.py). Run from this folder:
#   Rscript make_reference.R
# R 4.2.2; sandwich 3.0-2, MASS 7.3; MatchIt twice:
#   - MatchIt 4.5.1 as Debian 12 ships it: its nearest-neighbour C++ code compares
#     distances with the C library's integer abs() (MatchIt issue #163, fixed in 4.5.4),
#     so on this system the caliper does nothing for distances below 1 and the control
#     below the treated unit always wins: matched_*_4.5.1.csv;
#   - the same 4.5.1 source with that one fix (std::abs, as 4.5.4 made it), installed in
#     a private library: R_LIBS=/path/to/that/library Rscript make_reference.R fixed
#     writes matched_*.csv, the pairs of a correct caliper.
# Writes cohort.csv (the data, made here with a fixed seed and planted confounding) and
# one CSV of values per topic.
fixed <- identical(commandArgs(trailingOnly = TRUE), "fixed")
suppressMessages({library(MatchIt); library(sandwich)})
suffix <- if (fixed) "" else "_4.5.1"
set.seed(20261207)
n <- 300
age <- round(rnorm(n, 55, 12))
female <- rbinom(n, 1, 0.6)
diagnosis <- sample(c("DM", "PM", "ASS"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
mda5 <- rbinom(n, 1, 0.2)
duration <- round(rexp(n, 1 / 24), 1)
lp <- -1 + 0.03 * (age - 55) + 0.5 * female + 0.8 * (diagnosis == "ASS") + 1.2 * mda5 - 0.02 * duration
treated <- rbinom(n, 1, plogis(lp))
progressed <- rbinom(n, 1, plogis(-1 + 0.9 * mda5 + 0.02 * (age - 55) - 0.4 * treated))
change <- round(-5 + 2 * treated - 0.1 * (age - 55) + 3 * mda5 + rnorm(n, 0, 8), 1)
d <- data.frame(age, female, diagnosis, mda5, duration, treated, progressed, change)
write.csv(d, "cohort.csv", row.names = FALSE)

d$dx_PM <- as.numeric(d$diagnosis == "PM"); d$dx_ASS <- as.numeric(d$diagnosis == "ASS")
ps_fit <- glm(treated ~ age + female + dx_PM + dx_ASS + mda5 + duration, family = binomial, data = d)
ps <- fitted(ps_fit)
write.csv(data.frame(term = names(coef(ps_fit)), estimate = unname(coef(ps_fit)),
                     std_err = unname(sqrt(diag(vcov(ps_fit)))),
                     hc0 = unname(sqrt(diag(vcovHC(ps_fit, type = "HC0"))))),
          "ps_coefficients.csv", row.names = FALSE)
t <- d$treated
w <- data.frame(ps = ps, logit = qlogis(ps),
                ate = ifelse(t == 1, 1 / ps, 1 / (1 - ps)),
                att = ifelse(t == 1, 1, ps / (1 - ps)),
                ato = ifelse(t == 1, 1 - ps, ps),
                ate_stabilized = ifelse(t == 1, mean(t) / ps, (1 - mean(t)) / (1 - ps)))
write.csv(w, "weights.csv", row.names = FALSE)

match_pairs <- function(m) {
  mm <- m$match.matrix
  data.frame(treated = as.integer(rownames(mm)) - 1L, control = as.integer(mm[, 1]) - 1L)
}
rownames(d) <- seq_len(n)
f <- treated ~ age + female + dx_PM + dx_ASS + mda5 + duration
m_prob <- matchit(f, data = d, method = "nearest", distance = "glm", caliper = 0.2)
m_logit <- matchit(f, data = d, method = "nearest", distance = "glm", link = "linear.logit", caliper = 0.2)
write.csv(na.omit(match_pairs(m_prob)), paste0("matched_probability", suffix, ".csv"), row.names = FALSE)
write.csv(na.omit(match_pairs(m_logit)), paste0("matched_logit", suffix, ".csv"), row.names = FALSE)
if (!fixed) quit(save = "no")  # the rest does not depend on MatchIt's version but the matched rows

# Balance, written out as cobalt (col_w_smd, col_w_vr) and tableone compute it.
wm <- function(x, w) sum(x * w) / sum(w)
wv <- function(x, w, bin) { w <- w / sum(w); m <- sum(w * x); if (bin) m * (1 - m) else sum(w * (x - m)^2) / (1 - sum(w^2)) }
bal <- NULL
for (v in c("age", "female", "dx_PM", "dx_ASS", "mda5", "duration")) {
  x <- d[[v]]; bin <- all(x %in% c(0, 1)); one <- rep(1, n)
  pooled <- sqrt((wv(x[t == 1], one[t == 1], bin) + wv(x[t == 0], one[t == 0], bin)) / 2)
  sd_t <- sqrt(wv(x[t == 1], one[t == 1], bin))
  smd_w <- function(ww, den) (wm(x[t == 1], ww[t == 1]) - wm(x[t == 0], ww[t == 0])) / den
  matched <- m_logit$weights
  bal <- rbind(bal, data.frame(variable = v,
    smd_unadjusted = smd_w(one, pooled), smd_ate = smd_w(w$ate, pooled),
    smd_att = smd_w(w$att, sd_t), smd_ato = smd_w(w$ato, pooled),
    smd_matched = smd_w(matched, sd_t),
    vr_unadjusted = wv(x[t == 1], one[t == 1], bin) / wv(x[t == 0], one[t == 0], bin),
    vr_ate = wv(x[t == 1], w$ate[t == 1], bin) / wv(x[t == 0], w$ate[t == 0], bin)))
}
tab <- prop.table(table(t, d$diagnosis), 1)[, -1, drop = FALSE]
mv <- function(p) { m <- -outer(p, p); diag(m) <- p * (1 - p); m }
T <- tab[2, ] - tab[1, ]; S <- (mv(tab[1, ]) + mv(tab[2, ])) / 2
bal <- rbind(bal, data.frame(variable = "diagnosis", smd_unadjusted = sqrt(drop(t(T) %*% MASS::ginv(S) %*% T)),
  smd_ate = NA, smd_att = NA, smd_ato = NA, smd_matched = NA, vr_unadjusted = NA, vr_ate = NA))
write.csv(bal, "balance.csv", row.names = FALSE)
ess <- function(w) sum(w)^2 / sum(w^2)
write.csv(data.frame(estimand = c("ATE", "ATT", "ATO"),
  treated = c(ess(w$ate[t == 1]), ess(w$att[t == 1]), ess(w$ato[t == 1])),
  control = c(ess(w$ate[t == 0]), ess(w$att[t == 0]), ess(w$ato[t == 0]))),
  "ess.csv", row.names = FALSE)

# Adjusted estimates: weighted lm / glm with HC0; matched with errors clustered on the pair.
est <- NULL
add <- function(name, fit, vc) {
  est <<- rbind(est, data.frame(estimate = name, value = unname(coef(fit)[2]), std_err = sqrt(vc[2, 2])))
}
for (k in c("ate", "att", "ato")) {
  ww <- w[[k]]
  rd <- lm(progressed ~ treated, data = d, weights = ww); add(paste0("rd_", k), rd, vcovHC(rd, type = "HC0"))
  or <- glm(progressed ~ treated, data = d, weights = ww, family = quasibinomial); add(paste0("logor_", k), or, vcovHC(or, type = "HC0"))
  md <- lm(change ~ treated, data = d, weights = ww); add(paste0("md_", k), md, vcovHC(md, type = "HC0"))
}
md_m <- match.data(m_logit)
rd <- lm(progressed ~ treated, data = md_m, weights = weights); add("rd_matched", rd, vcovCL(rd, cluster = ~subclass, type = "HC0"))
or <- glm(progressed ~ treated, data = md_m, weights = weights, family = quasibinomial); add("logor_matched", or, vcovCL(or, cluster = ~subclass, type = "HC0"))
md <- lm(change ~ treated, data = md_m, weights = weights); add("md_matched", md, vcovCL(md, cluster = ~subclass, type = "HC0"))
write.csv(est, "estimates.csv", row.names = FALSE)
