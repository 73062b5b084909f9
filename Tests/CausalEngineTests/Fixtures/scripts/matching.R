# Authority for psm_lalonde and dm_lalonde: R Matching::Match (Debian r-cran-matching).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(Matching))
COV <- c("age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75")
run <- function(df, X, estimand, weight = 1, bias = FALSE, var_calc = 0, tol = 1e-5) {
  m <- Match(Y = df$re78, Tr = df$treat, X = X, estimand = estimand, M = 1, ties = TRUE,
             replace = TRUE, Weight = weight, BiasAdjust = bias, Var.calc = var_calc,
             distance.tolerance = tol)
  list(estimate = unname(m$est[1, 1]), se = m$se, se_standard = m$se.standard, se_cond = m$se.cond,
       estimate_noadj = m$est.noadj, n_pairs = length(m$index.treated),
       wnobs = m$wnobs, index_treated = arr(m$index.treated - 1), index_control = arr(m$index.control - 1),
       weights = arr(m$weights))
}
out <- list()
for (case in c("psm_lalonde", "dm_lalonde")) {
  df <- read_case(case)
  res <- list()
  for (est in c("ATT", "ATC", "ATE")) {
    for (vc in c(0, 1)) {
      for (tol in c(1e-5, 0)) {
        if (case == "psm_lalonde") {
          key <- sprintf("%s_varcalc%d_tol%s", est, vc, format(tol))
          res[[key]] <- run(df, df$pscore, est, 1, FALSE, vc, tol)
        } else {
          for (bias in c(FALSE, TRUE)) {
            key <- sprintf("%s_varcalc%d_tol%s_bias%s", est, vc, format(tol), bias)
            res[[key]] <- run(df, as.matrix(df[, COV]), est, 2, bias, vc, tol)
          }
        }
      }
    }
  }
  res$versions <- pkg_versions(c("Matching"))
  write_json_exact(res, file.path(FIX, case, "r_match.json"))
  cat(case, "ATT:", res[[1]]$estimate, res[[1]]$se, "\n")
}
