# Expected values for test/unit/measures/mantel-haenszel.test.ts.
# Run: Rscript test/reference/mantel-haenszel.R   (R 4.x, epiR 2.0.57)
# epiR::epi.2by2(method = "cohort.count") on a 2 x 2 x K table (rows: Linkages, comparison;
# columns: event, no event; one layer per county); massoc.detail$ARisk.mh.sato is the
# Mantel-Haenszel risk difference with Sato's variance, per 100 (units = 100). Its interval uses
# qnorm(0.975); the app uses z = 1.959964, so the standard error is recovered from epiR's interval
# and the app's interval computed from it. The same numbers by hand (Sato 1989) follow as a check.
library(epiR)
options(digits = 17)
z_app <- 1.959964

mh <- function(label, counties, a, n1, c, n0) {
  cat(label, "\n")
  layers <- which(n1 > 0 & n0 > 0)
  tab <- array(0, dim = c(2, 2, length(layers)),
    dimnames = list(c("linkages", "comparison"), c("event", "none"), counties[layers]))
  for (j in seq_along(layers)) {
    k <- layers[j]
    tab[, , j] <- matrix(c(a[k], c[k], n1[k] - a[k], n0[k] - c[k]), nrow = 2)
  }
  fit <- epi.2by2(tab, method = "cohort.count", units = 100)
  s <- fit$massoc.detail$ARisk.mh.sato / 100
  se <- (s$upper - s$lower) / (2 * qnorm(0.975))
  cat(sprintf("  epiR: difference = %.17g  se = %.17g\n", s$est, se))

  # By hand over every stratum, the empty-group one included (it contributes 0).
  N <- n1 + n0
  keep <- N > 0
  W <- sum((n1 * n0 / N)[keep])
  rd <- sum(((a * n0 - c * n1) / N)[keep]) / W
  P <- sum(((n1^2 * c - n0^2 * a + n1 * n0 * (n0 - n1) / 2) / N^2)[keep])
  Q <- sum(((a * (n0 - c) + c * (n1 - a)) / (2 * N))[keep])
  se_hand <- sqrt(rd * P + Q) / W
  z <- rd / se_hand
  cat(sprintf("  hand: difference = %.17g  se = %.17g\n", rd, se_hand))
  cat(sprintf("  low = %.17g  high = %.17g  z = %.17g  p = %.17g\n",
    rd - z_app * se_hand, rd + z_app * se_hand, z, 2 * pnorm(-abs(z))))
  cat(sprintf("  crude difference = %.17g\n", sum(a) / sum(n1) - sum(c) / sum(n0)))
}

# Three counties; Tulare has Linkages members only and contributes nothing.
mh("three counties, one without comparison members",
  c("Fresno", "Kern", "Tulare"),
  a = c(20, 12, 5), n1 = c(45, 30, 12), c = c(30, 8, 0), n0 = c(90, 40, 0))

# Five counties of sample size: the county mix differs between the groups.
mh("five counties",
  c("Fresno", "Kern", "Madera", "Merced", "Tulare"),
  a  = c(212, 61, 45, 88, 30), n1 = c(540, 150, 96, 260, 71),
  c  = c(301, 170, 29, 150, 95), n0 = c(910, 512, 88, 497, 260))
