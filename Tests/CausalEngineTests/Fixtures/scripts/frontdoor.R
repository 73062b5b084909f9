# Cross-check for frontdoor: lavaan path model, ML, se = "robust.huber.white" (and "standard").
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(lavaan))
df <- read_case("frontdoor")
model <- "M ~ a*T\n Y ~ b*M + T\n ab := a*b"
pe <- function(se) {
  fit <- sem(model, data = df, estimator = "ML", se = se, meanstructure = TRUE)
  p <- parameterEstimates(fit)
  list(est = p$est[p$label == "ab"], se = p$se[p$label == "ab"],
       a = p$est[p$label == "a"], se_a = p$se[p$label == "a"], b = p$est[p$label == "b"], se_b = p$se[p$label == "b"])
}
r <- pe("robust.huber.white"); s <- pe("standard")
out <- list(ab = r$est, se_ab_robust_huber_white = r$se, se_a_robust = r$se_a, se_b_robust = r$se_b,
            se_ab_standard = s$se, versions = pkg_versions(c("lavaan")))
write_json_exact(out, file.path(FIX, "frontdoor", "r_lavaan.json"))
cat("lavaan:", r$est, r$se, s$se, "\n")
