# Expected values for test/unit/measures/cluster-robust.test.ts and student-t.test.ts.
# Run: Rscript test/reference/cluster-robust.R   (R 4.x, sandwich 3.0.2)
# Each unit's counts are expanded to one row per member (y = 1 for an event), the linear
# probability model y ~ group is fitted by lm, and its CR1 variance is sandwich::vcovCL(fit,
# cluster = ~cluster, type = "HC1") with the default cadjust = TRUE: G/(G-1) * (N-1)/(N-K).
# The interval uses qt(0.975, G - 1) and the p-value 2 * pt(-|t|, G - 1).
library(sandwich)
options(digits = 17)

members_of <- function(units) {
  rows <- lapply(seq_len(nrow(units)), function(i) {
    u <- units[i, ]
    data.frame(
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
  cat(sprintf("%s\n  G = %d, N = %d\n  difference = %.17g\n  se = %.17g\n  low = %.17g\n  high = %.17g\n  t = %.17g\n  p = %.17g\n",
    label, G, nrow(d), est, se, est - q * se, est + q * se, t, 2 * pt(-abs(t), G - 1)))
}

# 3 Linkages units against 4 comparison units in two counties; unit id U1 is in both counties.
small <- data.frame(
  county  = c("Fresno", "Fresno", "Kern", "Fresno", "Fresno", "Kern", "Kern"),
  unit    = c("U1", "U2", "U1", "U3", "U4", "U2", "U3"),
  group   = c(rep("linkages", 3), rep("comparison", 4)),
  members = c(12, 9, 15, 10, 14, 8, 11),
  events  = c(7, 3, 10, 2, 6, 1, 5)
)
cluster_robust("small (3 + 4 units)", small)

# 7 Linkages units against 11 comparison units (as many as the sample extract has), 3,000 members.
large <- data.frame(
  county  = "Fresno",
  unit    = sprintf("U%02d", 1:18),
  group   = c(rep("linkages", 7), rep("comparison", 11)),
  members = c(212, 187, 240, 95, 160, 133, 178, 201, 176, 150, 222, 98, 131, 189, 164, 142, 205, 117),
  events  = c(81, 64, 102, 30, 70, 41, 66, 58, 61, 39, 77, 25, 44, 70, 49, 47, 66, 34)
)
cluster_robust("large (7 + 11 units)", large)

# A unit with members in both groups (a unit that changed assignment): the same sum applies.
mixed <- data.frame(
  county  = "Kern",
  unit    = c("A", "B", "B", "C", "D"),
  group   = c("linkages", "linkages", "comparison", "comparison", "comparison"),
  members = c(20, 10, 6, 25, 18),
  events  = c(9, 6, 1, 7, 8)
)
cluster_robust("mixed (unit B in both groups)", mixed)

# A Linkages unit alone: vcovCL gives its share no variance (its residuals sum to zero).
alone <- data.frame(
  county = "Kern", unit = c("A", "B", "C"), group = c("linkages", "comparison", "comparison"),
  members = c(20, 25, 18), events = c(9, 7, 8)
)
cluster_robust("one Linkages unit", alone)

cat("\nStudent t quantiles qt(p, df) and upper tails pt(t, df, lower.tail = FALSE)\n")
for (df in c(1, 2, 3, 4, 6, 10, 17, 30, 100, 2.5)) {
  cat(sprintf("  qt(0.975, %g) = %.17g   qt(0.005, %g) = %.17g\n", df, qt(0.975, df), df, qt(0.005, df)))
}
for (args in list(c(2.2, 3), c(0.4, 6), c(-1.3, 17), c(12, 1), c(5, 10), c(40, 30))) {
  cat(sprintf("  pt(%g, %g, lower.tail = FALSE) = %.17g\n", args[1], args[2], pt(args[1], args[2], lower.tail = FALSE)))
}
