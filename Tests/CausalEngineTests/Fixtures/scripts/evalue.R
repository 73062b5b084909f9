# Authority for evalue/expected.json: R EValue (VanderWeele & Ding 2017).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(EValue))
tab <- function(m) list(point = unname(m[, "point"]), lower = unname(m[, "lower"]), upper = unname(m[, "upper"]),
                        rows = rownames(m))
out <- list(
  rr_3.9 = tab(evalues.RR(3.9, 1.8, 8.7)),
  rr_0.8 = tab(evalues.RR(0.8, 0.71, 0.91)),
  or_2.5_rare = tab(evalues.OR(2.5, 1.3, 4.8, rare = TRUE)),
  or_2.5_common = tab(evalues.OR(2.5, 1.3, 4.8, rare = FALSE)),
  ols_1794 = tab(evalues.OLS(1794.34, se = 632.85, sd = 6631.49, delta = 1)),
  md_from_ols = tab(evalues.MD(1794.34 / 6631.49, se = 632.85 / 6631.49)),
  rd_counts = {r <- evalues.RD(n11 = 40, n10 = 60, n01 = 20, n00 = 80); list(est_Evalue = r$est.Evalue, lower_Evalue = r$lower.Evalue)},
  versions = pkg_versions(c("EValue")))
write_json_exact(out, file.path(FIX, "evalue", "r_evalue.json"))
print(evalues.OLS(1794.34, se = 632.85, sd = 6631.49)); print(evalues.RD(n11 = 40, n10 = 60, n01 = 20, n00 = 80))
