# Cross-check for ols_modifiers: lm + sandwich::vcovHC, explicit linear combination.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(sandwich))
df <- read_case("ols_modifiers")
fit <- lm(y ~ v0 + W0 + W1 + W2 + I(v0 * X0) + I(v0 * X1), data = df)
V <- list(classical = vcov(fit), HC0 = vcovHC(fit, "HC0"), HC1 = vcovHC(fit, "HC1"),
          HC2 = vcovHC(fit, "HC2"), HC3 = vcovHC(fit, "HC3"))
comb <- function(mask) {
  a <- c(0, 1, 0, 0, 0, mean(df$X0[mask]), mean(df$X1[mask]))
  list(estimate = sum(a * coef(fit)),
       se = lapply(V, function(v) sqrt(drop(t(a) %*% v %*% a))))
}
out <- list(ate = comb(rep(TRUE, nrow(df))), att = comb(df$v0 == 1), atc = comb(df$v0 == 0))
cond <- list()
for (m in c("X0", "X1")) {
  q <- quantile(df[[m]], c(0, .25, .5, .75, 1), type = 7)
  est <- c(); se <- c()
  for (j in 1:4) {
    mask <- if (j < 4) df[[m]] >= q[j] & df[[m]] < q[j + 1] else df[[m]] >= q[j] & df[[m]] <= q[j + 1]
    r <- comb(mask); est <- c(est, r$estimate); se <- c(se, r$se$HC1)
  }
  cond[[m]] <- list(edges = arr(q), estimate = arr(est), se_HC1 = arr(se))
}
out$conditional <- cond
out$coef <- arr(coef(fit))
out$versions <- pkg_versions(c("sandwich"))
write_json_exact(out, file.path(FIX, "ols_modifiers", "r_crosscheck.json"))
cat("ols_modifiers R:", out$ate$estimate, out$ate$se$HC1, "\n")
