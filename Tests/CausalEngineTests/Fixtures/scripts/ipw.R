# Cross-check for ipw_binary / ipw_lalonde with R PSweight (sandwich variance, numerical Jacobian).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(PSweight))
cfg <- list(
  ipw_binary = list(T = "v0", Y = "y", W = c("W0", "W1", "W2", "W3", "W4")),
  ipw_lalonde = list(T = "treat", Y = "re78", W = c("age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75")))
for (case in names(cfg)) {
  c <- cfg[[case]]
  df <- read_case(case)
  f <- as.formula(paste(c$T, "~", paste(c$W, collapse = " + ")))
  one <- function(weight, trtgrp = NULL) {
    fit <- PSweight(ps.formula = f, yname = c$Y, data = df, weight = weight, trtgrp = trtgrp)
    mu <- fit$muhat; V <- fit$covmu
    g <- names(mu)
    i1 <- which(g == "1"); i0 <- which(g == "0")
    a <- rep(0, length(mu)); a[i1] <- 1; a[i0] <- -1
    list(estimate = sum(a * mu), se = sqrt(drop(t(a) %*% V %*% a)),
         mu1 = unname(mu[i1]), mu0 = unname(mu[i0]))
  }
  # Same propensity model on standardised covariates (a reparametrisation: identical scores and
  # estimands). PSweight's numerical Jacobian is badly conditioned on raw Lalonde earnings.
  dfs <- df; for (w in c$W) dfs[[w]] <- (df[[w]] - mean(df[[w]])) / sd(df[[w]])
  one_s <- function(weight, trtgrp = NULL) { df0 <- df; df <<- dfs; on.exit(df <<- df0); one(weight, trtgrp) }
  std <- list(IPW = one_s("IPW"), treated = one_s("treated"), control_via_trtgrp0 = one_s("treated", "0"),
              overlap = one_s("overlap"))
  ps <- fitted(glm(f, family = binomial, data = df, control = glm.control(epsilon = 1e-14, maxit = 100)))
  out <- list(IPW = one("IPW"), treated = one("treated"), control_via_trtgrp0 = one("treated", "0"),
              overlap = one("overlap"), standardised_covariates = std, pscore_first20 = arr(unname(ps[1:20])),
              note = "estimate = mu(1) - mu(0); se = sqrt(a' covmu a); ATC = weight 'treated' with trtgrp '0'",
              versions = pkg_versions(c("PSweight", "numDeriv")))
  write_json_exact(out, file.path(FIX, case, "r_crosscheck.json"))
  cat(case, "PSweight IPW:", out$IPW$estimate, out$IPW$se, " ATC:", out$control_via_trtgrp0$estimate, "\n")
}
