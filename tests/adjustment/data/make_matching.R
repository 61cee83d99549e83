# Matched pairs and matched estimates of the confounded cohort (input.csv):
# tests/adjustment/test_adjusted_comparison_r.py. R 4.2.2, sandwich 3.0-2, and MatchIt 4.5.1
# with the fix of MatchIt issue #163 (std::abs in the nearest-neighbour code, as 4.5.4 has it;
# see tests/stats/data/adjustment/make_reference.R), installed in a private library:
#   R_LIBS=/path/to/that/library Rscript make_matching.R
suppressMessages({library(MatchIt); library(sandwich)})
d <- read.csv("input.csv")
m <- matchit(treated ~ age + anti_mda5 + disease_months, data = d, method = "nearest", distance = "glm",
             link = "linear.logit", caliper = 0.2)
mm <- m$match.matrix
pairs <- data.frame(treated = as.integer(rownames(mm)) - 1L, control = as.integer(mm[, 1]) - 1L)
pairs <- pairs[!is.na(pairs$control), ]
write.csv(pairs, "matched_pairs.csv", row.names = FALSE)
md <- match.data(m)
rd <- lm(died ~ treated, data = md, weights = weights)
mdiff <- lm(ck_change ~ treated, data = md, weights = weights)
out <- data.frame(
  quantity = c("rd", "rd_se", "md", "md_se"),
  value = c(coef(rd)[2], sqrt(vcovCL(rd, cluster = ~subclass, type = "HC0")[2, 2]),
            coef(mdiff)[2], sqrt(vcovCL(mdiff, cluster = ~subclass, type = "HC0")[2, 2])))
write.csv(out, "matched_estimates.csv", row.names = FALSE)
