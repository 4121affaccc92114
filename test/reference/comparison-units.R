# Expected values for test/unit/measures/comparison-units.test.ts: coordination-30d on an extract
# of 3 counties with 1-2 units per group in each (unit ids repeat across counties: a unit is its
# county and id), run through runMeasure.
# Run: Rscript test/reference/comparison-units.R   (R 4.x, sandwich 3.0.2, epiR 2.0.57)
# Cluster-robust: lm(y ~ linkages) on one row per family, sandwich::vcovCL(fit, cluster =
# ~cluster, type = "HC1"), interval with qt(0.975, G - 1), G = units in the view.
# County-stratified: epiR::epi.2by2(method = "cohort.count")$massoc.detail$ARisk.mh.sato, and
# the Sato variance by hand; the app's interval uses z = 1.959964.
library(sandwich)
library(epiR)
options(digits = 17)
z_app <- 1.959964

units <- data.frame(
  county  = c("Fresno", "Fresno", "Fresno", "Fresno", "Kern", "Kern", "Kern", "Tulare", "Tulare", "Tulare"),
  unit    = c("U1", "U2", "U3", "U4", "U1", "U2", "U3", "U1", "U2", "U3"),
  group   = c("linkages", "linkages", "comparison", "comparison", "linkages", "comparison",
              "comparison", "linkages", "linkages", "comparison"),
  members = c(20, 15, 18, 22, 16, 25, 12, 14, 10, 20),
  events  = c(12, 6, 5, 9, 10, 8, 3, 7, 6, 6)
)

members_of <- function(units) {
  rows <- lapply(seq_len(nrow(units)), function(i) {
    u <- units[i, ]
    data.frame(
      county = u$county,
      cluster = paste(u$county, u$unit, sep = "/"),
      linkages = as.integer(u$group == "linkages"),
      y = c(rep(1, u$events), rep(0, u$members - u$events))
    )
  })
  do.call(rbind, rows)
}

cluster_robust <- function(label, units) {
  d <- members_of(units)
  fit <- lm(y ~ linkages, data = d)
  V <- vcovCL(fit, cluster = ~cluster, type = "HC1")
  G <- length(unique(d$cluster))
  est <- unname(coef(fit)["linkages"])
  se <- sqrt(V["linkages", "linkages"])
  q <- qt(0.975, G - 1)
  t <- est / se
  cat(sprintf("%s: G = %d, N = %d\n  difference = %.17g  se = %.17g\n  clusterCiLow = %.17g  clusterCiHigh = %.17g  clusterP = %.17g\n",
    label, G, nrow(d), est, se, est - q * se, est + q * se, 2 * pt(-abs(t), G - 1)))
}

mantel_haenszel <- function(units) {
  s <- aggregate(cbind(members, events) ~ county + group, data = units, FUN = sum)
  counties <- sort(unique(s$county))
  get <- function(g, col) sapply(counties, function(k) s[s$county == k & s$group == g, col])
  a <- get("linkages", "events"); n1 <- get("linkages", "members")
  c <- get("comparison", "events"); n0 <- get("comparison", "members")
  tab <- array(0, dim = c(2, 2, length(counties)),
    dimnames = list(c("linkages", "comparison"), c("event", "none"), counties))
  for (k in seq_along(counties)) tab[, , k] <- matrix(c(a[k], c[k], n1[k] - a[k], n0[k] - c[k]), nrow = 2)
  e <- epi.2by2(tab, method = "cohort.count", units = 100)$massoc.detail$ARisk.mh.sato / 100
  cat(sprintf("  epiR: mhDifference = %.17g  se = %.17g\n", e$est, (e$upper - e$lower) / (2 * qnorm(0.975))))
  N <- n1 + n0
  W <- sum(n1 * n0 / N)
  rd <- sum((a * n0 - c * n1) / N) / W
  P <- sum((n1^2 * c - n0^2 * a + n1 * n0 * (n0 - n1) / 2) / N^2)
  Q <- sum((a * (n0 - c) + c * (n1 - a)) / (2 * N))
  se <- sqrt(rd * P + Q) / W
  z <- rd / se
  cat(sprintf("  hand: mhDifference = %.17g  se = %.17g\n  mhCiLow = %.17g  mhCiHigh = %.17g  mhP = %.17g\n",
    rd, se, rd - z_app * se, rd + z_app * se, 2 * pnorm(-abs(z))))
}

cluster_robust("pooled (5 Linkages units, 5 comparison units, 3 counties)", units)
mantel_haenszel(units)
cluster_robust("Fresno (2 + 2 units)", units[units$county == "Fresno", ])
# One unit in a group: vcovCL prints a number, but the lone unit's residuals sum to zero so its
# share gets no variance at all; the app gives no interval there (see cluster-robust.ts).
cluster_robust("Tulare (2 + 1 units; the app gives no interval)", units[units$county == "Tulare", ])
cluster_robust("Kern (1 + 2 units; the app gives no interval)", units[units$county == "Kern", ])
