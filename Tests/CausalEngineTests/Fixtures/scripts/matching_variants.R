# Authority for the propensity-matching variants of psm_lalonde: R Matching::Match
# (Debian r-cran-matching) with M = 2, and with a caliper on the logit of the score.
# Run from the repository root:
#   Rscript Tests/CausalEngineTests/Fixtures/scripts/matching_variants.R
# Writes psm_lalonde/r_match_variants.json.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(Matching))
df <- read_case("psm_lalonde")
logit <- log(df$pscore / (1 - df$pscore))
run <- function(X, estimand, M, caliper = NULL) {
  m <- Match(Y = df$re78, Tr = df$treat, X = X, estimand = estimand, M = M, ties = TRUE,
             replace = TRUE, Weight = 1, Var.calc = 1, distance.tolerance = 1e-5, caliper = caliper)
  list(estimate = unname(m$est[1, 1]), se = m$se, n_pairs = length(m$index.treated),
       n_dropped = m$ndrops.matches, wnobs = m$wnobs)
}
res <- list()
for (est in c("ATT", "ATC", "ATE")) {
  # Two neighbours on the probability scale (no caliper).
  res[[sprintf("%s_M2_pscore", est)]] <- run(df$pscore, est, 2)
  # One neighbour on the logit scale within 0.1 standard deviations of the logit.
  res[[sprintf("%s_M1_logit_caliper0.1", est)]] <- run(logit, est, 1, 0.1)
}
res$versions <- pkg_versions(c("Matching"))
write_json_exact(res, file.path(FIX, "psm_lalonde", "r_match_variants.json"))
