# Expected values for test/unit/measures/standardized-difference.test.ts.
# Run: Rscript test/reference/standardized-difference.R   (R 4.x, base only)
# Austin (2009), Stat Med 28:3083: binary d = (p1 - p2) / sqrt((p1(1 - p1) + p2(1 - p2)) / 2);
# continuous d = (m1 - m2) / sqrt((s1^2 + s2^2) / 2) with sd() (n - 1 denominator);
# a categorical characteristic gives one binary d per category.
options(digits = 17)
smd_binary <- function(p1, p2) (p1 - p2) / sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2)
smd_mean <- function(x1, x2) (mean(x1) - mean(x2)) / sqrt((sd(x1)^2 + sd(x2)^2) / 2)

cat(sprintf("binary 0.42 vs 0.31: %.17g\n", smd_binary(0.42, 0.31)))
cat(sprintf("binary 0.3 vs 0.32: %.17g\n", smd_binary(0.3, 0.32)))
cat(sprintf("binary 0.05 vs 0: %.17g\n", smd_binary(0.05, 0)))

# Number of children in the family (index date), per family.
children_l <- c(1, 2, 2, 3, 1, 4, 2)
children_c <- c(2, 1, 1, 3, 2, 1, 1, 2)
cat(sprintf("children: mean %.17g sd %.17g | mean %.17g sd %.17g | d = %.17g\n",
  mean(children_l), sd(children_l), mean(children_c), sd(children_c), smd_mean(children_l, children_c)))

# Age at removal (years): close means.
age_l <- c(0, 3, 7, 12, 15, 4, 9, 2)
age_c <- c(1, 6, 8, 10, 14, 3, 5, 2, 11)
cat(sprintf("age: mean %.17g sd %.17g | mean %.17g sd %.17g | d = %.17g\n",
  mean(age_l), sd(age_l), mean(age_c), sd(age_c), smd_mean(age_l, age_c)))

# County, one row per category: Linkages 40 / 25 / 15, comparison 70 / 60 / 50.
l <- c(Fresno = 40, Kern = 25, Tulare = 15)
c <- c(Fresno = 70, Kern = 60, Tulare = 50)
for (k in names(l)) {
  cat(sprintf("county %s: %.17g vs %.17g d = %.17g\n", k, l[[k]] / sum(l), c[[k]] / sum(c),
    smd_binary(l[[k]] / sum(l), c[[k]] / sum(c))))
}
# The same with 20 Linkages and 20 comparison members of unknown county in the totals.
for (k in names(l)) {
  cat(sprintf("county %s of all: d = %.17g\n", k,
    smd_binary(l[[k]] / (sum(l) + 20), c[[k]] / (sum(c) + 20))))
}
