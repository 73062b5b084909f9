# Cross-check for iv_card / iv_overid / iv_binary: AER::ivreg + sandwich.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages({library(AER); library(sandwich)})
one <- function(case, f, endog) {
  df <- read_case(case)
  df <- df[complete.cases(df[, all.vars(f)]), ]
  m <- ivreg(f, data = df)
  s <- summary(m, diagnostics = TRUE)
  dg <- s$diagnostics
  out <- list(n = nrow(df), coef = unname(coef(m)[endog]),
              se_classical = sqrt(vcov(m)[endog, endog]),
              se_HC0 = sqrt(vcovHC(m, "HC0")[endog, endog]), se_HC1 = sqrt(vcovHC(m, "HC1")[endog, endog]),
              weak_instruments_F = dg["Weak instruments", "statistic"],
              wu_hausman = dg["Wu-Hausman", "statistic"],
              sargan = if ("Sargan" %in% rownames(dg)) dg["Sargan", "statistic"] else NULL,
              sargan_p = if ("Sargan" %in% rownames(dg)) dg["Sargan", "p-value"] else NULL,
              versions = pkg_versions(c("AER", "sandwich")))
  out <- out[!vapply(out, is.null, TRUE)]
  write_json_exact(out, file.path(FIX, case, "r_crosscheck.json"))
  cat(case, out$coef, out$se_HC1, out$weak_instruments_F, "\n")
}
one("iv_card", lwage ~ black + smsa + south + married + exper + educ | black + smsa + south + married + exper + nearc4, "educ")
one("iv_overid", Y ~ W1 + W2 + T | W1 + W2 + Z1 + Z2, "T")
one("iv_binary", Y ~ T | Z, "T")
