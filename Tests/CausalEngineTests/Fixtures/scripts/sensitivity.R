# Authority for sens_lalonde / sens_linear: R sensemakr (Cinelli & Hazlett 2020).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(sensemakr))
GRID <- list(c(0.01, 0.01), c(0.05, 0.10), c(0.10, 0.05), c(0.20, 0.20), c(0.30, 0.10))
run <- function(case, f, treat, bench) {
  df <- read_case(case)
  m <- lm(f, data = df)
  out <- list()
  st <- list()
  for (kd in 1:3) {
    r <- tryCatch(sensemakr(model = m, treatment = treat, benchmark_covariates = bench, kd = kd, ky = kd,
                            q = 1, alpha = 0.05, reduce = TRUE), error = function(e) conditionMessage(e))
    if (is.character(r)) { out[[paste0("k", kd)]] <- list(error = r); next }
    b <- r$bounds
    out[[paste0("k", kd)]] <- list(r2dz_x = b$r2dz.x, r2yz_dx = b$r2yz.dx, adjusted_estimate = b$adjusted_estimate,
                                  adjusted_se = b$adjusted_se, adjusted_t = b$adjusted_t,
                                  adjusted_lower_CI = b$adjusted_lower_CI, adjusted_upper_CI = b$adjusted_upper_CI,
                                  label = as.character(b$bound_label))
    st <- r$sensitivity_stats
  }
  grid <- lapply(GRID, function(p) list(r2dz_x = p[1], r2yz_dx = p[2],
    adjusted_estimate = adjusted_estimate(m, treatment = treat, r2dz.x = p[1], r2yz.dx = p[2], reduce = TRUE),
    adjusted_se = adjusted_se(m, treatment = treat, r2dz.x = p[1], r2yz.dx = p[2]),
    adjusted_t = adjusted_t(m, treatment = treat, r2dz.x = p[1], r2yz.dx = p[2], reduce = TRUE, h0 = 0)))
  res <- list(
    estimate = unname(coef(m)[treat]), se = unname(summary(m)$coefficients[treat, 2]), dof = m$df.residual,
    t = unname(summary(m)$coefficients[treat, 3]),
    partial_r2_yd = unname(partial_r2(m, covariates = treat)),
    partial_f2_yd = unname(partial_f2(m, covariates = treat)),
    rv_q1 = unname(robustness_value(m, covariates = treat, q = 1, alpha = 1)),
    rv_q0.5 = unname(robustness_value(m, covariates = treat, q = 0.5, alpha = 1)),
    rv_q1_alpha0.05 = unname(robustness_value(m, covariates = treat, q = 1, alpha = 0.05)),
    rv_q0.5_alpha0.05 = unname(robustness_value(m, covariates = treat, q = 0.5, alpha = 0.05)),
    bounds = out, grid = grid, versions = pkg_versions(c("sensemakr")))
  write_json_exact(res, file.path(FIX, case, "r_sensemakr.json"))
  cat(case, res$estimate, res$rv_q1, res$rv_q1_alpha0.05, "\n")
}
run("sens_lalonde", re78 ~ treat + age + educ + black + hisp + marr + nodegree + re74 + re75, "treat", "re74")
run("sens_linear", y ~ v0 + W0 + W1 + W2 + W3, "v0", "W0")
