# Cross-check for glm_logit: glm(binomial) + delta method written out in R.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
df <- read_case("glm_logit")
fit <- glm(Y ~ T + W1 + W2 + W3, family = binomial, data = df, control = glm.control(epsilon = 1e-14, maxit = 100))
b <- coef(fit); V <- vcov(fit)
X <- model.matrix(fit)
blk <- function(mask) {
  X1 <- X[mask, , drop = FALSE]; X1[, "T"] <- 1
  X0 <- X[mask, , drop = FALSE]; X0[, "T"] <- 0
  mu1 <- plogis(drop(X1 %*% b)); mu0 <- plogis(drop(X0 %*% b))
  m1 <- mean(mu1); m0 <- mean(mu0)
  g1 <- colMeans(X1 * (mu1 * (1 - mu1))); g0 <- colMeans(X0 * (mu0 * (1 - mu0)))
  se <- function(g) sqrt(drop(t(g) %*% V %*% g))
  list(risk_difference = list(estimate = m1 - m0, se = se(g1 - g0)),
       risk_ratio = list(estimate = log(m1 / m0), se = se(g1 / m1 - g0 / m0)),
       odds_ratio = list(estimate = log(m1 / (1 - m1)) - log(m0 / (1 - m0)),
                         se = se(g1 / (m1 * (1 - m1)) - g0 / (m0 * (1 - m0)))))
}
out <- list(ate = blk(rep(TRUE, nrow(df))), att = blk(df$T == 1), atc = blk(df$T == 0),
            coef = arr(b), note = "risk_ratio/odds_ratio estimate = log scale",
            versions = pkg_versions(c("stats")))
write_json_exact(out, file.path(FIX, "glm_logit", "r_crosscheck.json"))
cat("glm_logit R:", out$ate$risk_difference$estimate, out$ate$risk_difference$se, "\n")
