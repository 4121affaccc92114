# Expected values for test/unit/measures/baseline.test.ts (the worked example's families,
# adults and child episodes, written out by hand from the test's rows).
# Run: Rscript test/reference/baseline.R   (R 4.x, base only)
# Austin (2009), Stat Med 28:3083: binary d = (p1 - p2) / sqrt((p1(1 - p1) + p2(1 - p2)) / 2);
# continuous d = (m1 - m2) / sqrt((s1^2 + s2^2) / 2) with sd() (n - 1 denominator).
options(digits = 17)
smd_binary <- function(p1, p2) (p1 - p2) / sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2)
smd_mean <- function(x1, x2) (mean(x1) - mean(x2)) / sqrt((sd(x1)^2 + sd(x2)^2) / 2)
shares <- function(name, l, c) {
  for (k in names(l)) {
    cat(sprintf("%s %s: %.17g vs %.17g d = %.17g\n", name, k, l[[k]] / sum(l), c[[k]] / sum(c),
      smd_binary(l[[k]] / sum(l), c[[k]] / sum(c))))
  }
}
means <- function(name, l, c) {
  cat(sprintf("%s: n %d mean %.17g sd %.17g | n %d mean %.17g sd %.17g | d = %.17g\n", name,
    length(l), mean(l), sd(l), length(c), mean(c), sd(c), smd_mean(l, c)))
}

# Families: Linkages L1-L4, comparison C1-C3.
shares("county", c(Fresno = 2, Yolo = 2), c(Fresno = 3, Yolo = 0))
shares("component", c(ER = 2, FM = 1, not_recorded = 1), c(ER = 1, FM = 1, not_recorded = 1))
shares("in care", c(yes = 2, no = 1, not_recorded = 1), c(yes = 0, no = 3, not_recorded = 0))
# Distinct children removed on or before the index date, per family (0 for none).
means("children removed", c(1, 1, 0, 0), c(2, 0, 0))
# Episodes that began on or before the index date; age 30 is out of range and left out.
means("age at removal", c(4, 4), c(10, 2))
# Evaluation adults (A2 is excluded: timed_out).
shares("wtw", c(active = 1, exempt = 0, sanction = 1, not_recorded = 1),
  c(active = 1, exempt = 1, sanction = 0, not_recorded = 0))
shares("employed", c(yes = 1, no = 1, not_recorded = 1), c(yes = 1, no = 1, not_recorded = 0))
means("grant", c(500, 0), c(700, 300))

# Suppression example: Linkages 40 families (ER 5, FM 20, FR 15), comparison 30 (ER 12, FM 18).
shares("suppression component", c(ER = 5, FM = 20, FR = 15), c(ER = 12, FM = 18, FR = 0))
