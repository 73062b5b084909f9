# terms_* fixtures, R side (run after terms.py has written the data.csv files):
#  * authority for terms_transforms (lm + splines::ns + sandwich on the NHEFS complete cases) -> r_lm.json
#  * authority for the matching numbers of terms_categorical_treatment (Matching::Match)      -> r_match.json
#  * cross-checks elsewhere: lm/glm + sandwich + lmtest::waldtest (r_crosscheck.json), PSweight (r_psweight.json),
#    nnet::multinom + lm for the multi-valued AIPW.
# Standardisation is written independently of terms.py: the design for T = t1 / t0 is rebuilt with
# model.frame(terms(fit), newdata, xlev = fit$xlevels) (the fit's predvars, so ns() keeps its knots).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages({library(sandwich); library(lmtest); library(splines); library(nnet)})

mm_new <- function(fit, nd) {
  tt <- delete.response(terms(fit))
  model.matrix(tt, model.frame(tt, nd, xlev = fit$xlevels), contrasts.arg = fit$contrasts)
}
set_t <- function(d, T, v) { d[[T]] <- if (is.character(d[[T]])) rep(as.character(v), nrow(d)) else rep(v, nrow(d)); d }
covs_lm <- function(fit, cluster = NULL) {
  V <- list(classical = vcov(fit), HC0 = vcovHC(fit, "HC0"), HC1 = vcovHC(fit, "HC1"), HC3 = vcovHC(fit, "HC3"))
  if (!is.null(cluster)) V$CR1 <- vcovCL(fit, cluster = cluster, type = "HC1", cadjust = TRUE)
  V
}
# groups of a modifier: levels (text, or <= 4 distinct values) or 4 type-7 quantile bins, last closed
groups_of <- function(x) {
  if (is.character(x) || length(unique(x)) <= 4) {
    lev <- if (is.character(x)) sort(unique(x), method = "radix") else sort(unique(x))
    return(lapply(lev, function(l) list(level = as.character(l), mask = x == l)))
  }
  q <- quantile(x, c(0, .25, .5, .75, 1), type = 7)
  out <- list()
  for (j in 1:4) {
    mask <- if (j < 4) x >= q[j] & x < q[j + 1] else x >= q[j] & x <= q[j + 1]
    if (sum(mask) > 0) out[[length(out) + 1]] <- list(level = paste0("bin", j), mask = mask, edges = arr(q[j:(j + 1)]))
  }
  out
}

lm_record <- function(fit, d, T, t1, t0, targets, modifiers = character(0), cluster = NULL, reduced = list()) {
  V <- covs_lm(fit, cluster)
  b <- coef(fit)
  Dm <- mm_new(fit, set_t(d, T, t1)) - mm_new(fit, set_t(d, T, t0))
  one <- function(mask) {
    g <- colMeans(Dm[mask, , drop = FALSE])
    list(value = sum(g * b), std_error = sqrt(drop(t(g) %*% V$HC1 %*% g)), n_target = sum(mask),
         by_cov = lapply(V, function(v) sqrt(drop(t(g) %*% v %*% g))), gradient = arr(g))
  }
  est <- lapply(targets, one)
  cond <- list()
  het <- list()
  for (m in modifiers) {
    for (g in groups_of(d[[m]])) {
      r <- one(g$mask)
      cond[[length(cond) + 1]] <- list(modifier = m, level = g$level, n = sum(g$mask), value = r$value, std_error = r$std_error)
    }
    red <- reduced[[m]]
    wc <- waldtest(fit, red, vcov = function(x) vcovHC(x, "HC1"), test = "Chisq")
    wf <- waldtest(fit, red, vcov = function(x) vcovHC(x, "HC1"), test = "F")
    het[[m]] <- list(chisq = wc$Chisq[2], df = abs(wc$Df[2]), p_chisq = wc[2, "Pr(>Chisq)"], F = wf$F[2], p_F = wf[2, "Pr(>F)"])
  }
  out <- list(names = names(b), coef = arr(b), se = arr(sqrt(diag(V$HC1))),
              se_by_cov = lapply(V, function(v) arr(sqrt(diag(v)))),
              cov_HC1 = lapply(seq_len(nrow(V$HC1)), function(i) arr(V$HC1[i, ])),
              n = nobs(fit), rank = fit$rank, df_resid = fit$df.residual,
              estimates = lapply(est, function(e) { e$by_cov <- e$by_cov; e }))
  out$by_cov <- lapply(est, function(e) e$by_cov)
  if (length(modifiers)) { out$conditional <- cond; out$heterogeneity <- het }
  out
}

glm_record <- function(fit, d, T, t1, t0, targets, modifiers, reduced) {
  # inverse Fisher information at the final estimate (vcov.glm uses the IRLS weights of the previous
  # iteration, which lag the converged fit by ~1e-8 relative)
  b <- coef(fit); X <- model.matrix(fit); mu <- plogis(drop(X %*% b))
  V <- solve(crossprod(X * sqrt(mu * (1 - mu))))
  X1 <- mm_new(fit, set_t(d, T, t1)); X0 <- mm_new(fit, set_t(d, T, t0))
  mu1 <- plogis(drop(X1 %*% b)); mu0 <- plogis(drop(X0 %*% b))
  one <- function(mask) {
    g <- colMeans((X1 * (mu1 * (1 - mu1)))[mask, , drop = FALSE]) - colMeans((X0 * (mu0 * (1 - mu0)))[mask, , drop = FALSE])
    list(value = mean(mu1[mask]) - mean(mu0[mask]), std_error = sqrt(drop(t(g) %*% V %*% g)), n_target = sum(mask))
  }
  cond <- list(); het <- list()
  for (m in modifiers) {
    for (g in groups_of(d[[m]])) {
      r <- one(g$mask)
      cond[[length(cond) + 1]] <- list(modifier = m, level = g$level, n = sum(g$mask), value = r$value, std_error = r$std_error)
    }
    wc <- waldtest(fit, reduced[[m]], vcov = function(x) V, test = "Chisq")
    wv <- waldtest(fit, reduced[[m]], test = "Chisq")
    het[[m]] <- list(chisq = wc$Chisq[2], df = abs(wc$Df[2]), p_chisq = wc[2, "Pr(>Chisq)"],
                     chisq_with_vcov_glm = wv$Chisq[2])
  }
  list(names = names(b), coef = arr(b), se = arr(sqrt(diag(V))), se_vcov_glm = arr(sqrt(diag(vcov(fit)))), n = nobs(fit),
       estimates = lapply(targets, one), conditional = cond, heterogeneity = het)
}
targets3 <- function(d, T, t1, t0) list(ate = rep(TRUE, nrow(d)), att = d[[T]] == t1, atc = d[[T]] == t0)
versions <- pkg_versions(c("sandwich", "lmtest", "splines", "nnet", "Matching"))
ctl <- glm.control(epsilon = 1e-14, maxit = 100)

# ---------------- terms_modifier_rct
d <- read_case("terms_modifier_rct")
fit <- lm(y ~ t + m + t:m, data = d)
out <- list(linear_regression = lm_record(fit, d, "t", 1, 0, targets3(d, "t", 1, 0), "m",
                                          reduced = list(m = lm(y ~ t + m, data = d))))
out$wrong_design <- lm_record(lm(y ~ t + t:m, data = d), d, "t", 1, 0, targets3(d, "t", 1, 0))
out$versions <- versions
write_json_exact(out, file.path(FIX, "terms_modifier_rct", "r_crosscheck.json"))
cat("terms_modifier_rct ATE", out$linear_regression$estimates$ate$value, "\n")

# ---------------- terms_modifier_observational
d <- read_case("terms_modifier_observational")
fit <- lm(y ~ t + W1 + W2 + region + age + t:region + t:age, data = d)
red <- list(region = lm(y ~ t + W1 + W2 + region + age + t:age, data = d),
            age = lm(y ~ t + W1 + W2 + region + age + t:region, data = d))
out <- list(linear_regression = lm_record(fit, d, "t", 1, 0, targets3(d, "t", 1, 0), c("region", "age"), reduced = red))
gf <- glm(yb ~ t + W1 + W2 + region + age + t:region + t:age, family = binomial, data = d, control = ctl)
gred <- list(region = glm(yb ~ t + W1 + W2 + region + age + t:age, family = binomial, data = d, control = ctl),
             age = glm(yb ~ t + W1 + W2 + region + age + t:region, family = binomial, data = d, control = ctl))
out$glm_logit <- glm_record(gf, d, "t", 1, 0, targets3(d, "t", 1, 0), c("region", "age"), gred)
out$versions <- versions
write_json_exact(out, file.path(FIX, "terms_modifier_observational", "r_crosscheck.json"))
cat("terms_modifier_observational ATE", out$linear_regression$estimates$ate$value, out$glm_logit$estimates$ate$value, "\n")

# ---------------- terms_treatment_interaction
d <- read_case("terms_treatment_interaction")
out <- list(linear_regression = lm_record(lm(y ~ treat + x + treat:x, data = d), d, "treat", 1, 0,
                                          targets3(d, "treat", 1, 0), cluster = ~cluster),
            dose_power = lm_record(lm(y_dose ~ dose + x + I(dose^2), data = d), d, "dose", 2, 0,
                                   list(ate = rep(TRUE, nrow(d))), cluster = ~cluster),
            dose_power_interaction = lm_record(lm(y_dose ~ dose + x + I(dose^2) + dose:x, data = d), d, "dose", 2, 0,
                                               list(ate = rep(TRUE, nrow(d))), cluster = ~cluster),
            versions = versions)
write_json_exact(out, file.path(FIX, "terms_treatment_interaction", "r_crosscheck.json"))
cat("terms_treatment_interaction ATE", out$linear_regression$estimates$ate$value, "\n")

# ---------------- terms_categorical_treatment
d <- read_case("terms_categorical_treatment")
out <- list(linear_regression_numeric_levels = lm_record(lm(y ~ factor(arm) + W1 + W2, data = d), d, "arm", 2, 0,
                                                         targets3(d, "arm", 2, 0)),
            linear_regression_text_levels = lm_record(lm(y ~ arm_label + W1 + W2, data = d), d, "arm_label", "high", "low",
                                                      targets3(d, "arm_label", "high", "low")))
# AIPW with nnet::multinom + lm (no cross-fitting, and the given folds)
aipw <- function(tr, te) {
  mn <- multinom(factor(arm) ~ W1 + W2, data = d[tr, ], trace = FALSE, maxit = 10000, reltol = 1e-16, abstol = 1e-300)
  P <- predict(mn, newdata = d[te, ], type = "probs")
  m2 <- lm(y ~ W1 + W2, data = d[tr & d$arm == 2, ]); m0 <- lm(y ~ W1 + W2, data = d[tr & d$arm == 0, ])
  list(p2 = P[, "2"], p0 = P[, "0"], mu2 = predict(m2, d[te, ]), mu0 = predict(m0, d[te, ]), coef = coef(mn))
}
allr <- rep(TRUE, nrow(d))
nu <- aipw(allr, allr)
psi_of <- function(nu) {
  A2 <- as.numeric(d$arm == 2); A0 <- as.numeric(d$arm == 0)
  nu$mu2 - nu$mu0 + A2 * (d$y - nu$mu2) / nu$p2 - A0 * (d$y - nu$mu0) / nu$p0
}
psi <- psi_of(nu)
res <- list(none = list(value = mean(psi), se = sd(psi) / sqrt(nrow(d))))
cf <- list(p2 = numeric(nrow(d)), p0 = numeric(nrow(d)), mu2 = numeric(nrow(d)), mu0 = numeric(nrow(d)))
for (k in 0:4) {
  te <- d$fold == k
  r <- aipw(!te, te)
  for (nm in names(cf)) cf[[nm]][te] <- r[[nm]]
}
psi <- psi_of(cf)
res$folds <- list(value = mean(psi), se = sd(psi) / sqrt(nrow(d)))
res$multinom_coef <- arr(t(nu$coef))
out$aipw <- res
out$versions <- versions
write_json_exact(out, file.path(FIX, "terms_categorical_treatment", "r_crosscheck.json"))
cat("terms_categorical_treatment LR", out$linear_regression_numeric_levels$estimates$ate$value, "AIPW", res$none$value, res$folds$value, "\n")

# PSweight (multiple treatments)
if (requireNamespace("PSweight", quietly = TRUE)) {
  suppressMessages(library(PSweight))
  one_ps <- function(T, t1, t0, weight, trtgrp = NULL) {
    f <- as.formula(paste(T, "~ W1 + W2"))
    fit <- PSweight(ps.formula = f, yname = "y", data = d, weight = weight, trtgrp = trtgrp)
    mu <- fit$muhat; V <- fit$covmu; g <- names(mu)
    a <- rep(0, length(mu)); a[g == as.character(t1)] <- 1; a[g == as.character(t0)] <- -1
    list(estimate = sum(a * mu), se = sqrt(drop(t(a) %*% V %*% a)), groups = g)
  }
  ps <- list()
  runs <- function() {
    r <- list()
    for (cfg in list(list("arm", 2, 0), list("arm_label", "high", "low"))) {
      T <- cfg[[1]]; t1 <- cfg[[2]]; t0 <- cfg[[3]]
      r[[T]] <- list(ate = one_ps(T, t1, t0, "IPW"), att = one_ps(T, t1, t0, "treated", as.character(t1)),
                     atc = one_ps(T, t1, t0, "treated", as.character(t0)))
    }
    r
  }
  ps <- runs()
  # PSweight calls nnet::multinom(..., maxit = 500) with nnet's default reltol = 1e-8, which stops ~1e-5 away
  # from the MLE. Re-run with multinom's tolerances tightened (the same PSweight code otherwise).
  mn_orig <- nnet::multinom
  assignInNamespace("multinom", function(...) mn_orig(..., reltol = 1e-16, abstol = 1e-300), ns = "nnet")
  ps$tight_multinom <- runs()
  assignInNamespace("multinom", mn_orig, ns = "nnet")
  ps$versions <- pkg_versions(c("PSweight", "nnet", "numDeriv"))
  write_json_exact(ps, file.path(FIX, "terms_categorical_treatment", "r_psweight.json"))
  cat("PSweight arm ATE", ps$arm$ate$estimate, ps$arm$ate$se, "\n")
}

# Matching on the pair (2 vs 0): authority. Scores from matching_pscore.csv (17 digits, written by terms.py).
suppressMessages(library(Matching))
psd <- read.csv(file.path(FIX, "terms_categorical_treatment", "matching_pscore.csv"))
sub <- d[psd$row + 1, ]
gl <- glm(I(arm == 2) ~ W1 + W2, family = binomial, data = sub, control = ctl)
mres <- list()
for (est in c("ATE", "ATT")) for (tol in c(1e-5, 0)) {
  m <- Match(Y = psd$y, Tr = psd$treated, X = psd$pscore, estimand = est, M = 1, ties = TRUE, replace = TRUE,
             Weight = 1, Var.calc = 0, distance.tolerance = tol)
  mres[[sprintf("%s_tol%s", est, format(tol))]] <- list(estimate = unname(m$est[1, 1]), se = m$se, se_standard = m$se.standard,
                                                        n_pairs = length(m$index.treated), wnobs = m$wnobs)
}
mres$pscore_max_abs_diff_vs_file <- max(abs(fitted(gl) - psd$pscore))
mres$versions <- pkg_versions(c("Matching"))
write_json_exact(mres, file.path(FIX, "terms_categorical_treatment", "r_match.json"))
cat("matching ATE", mres$ATE_tol1e.05$estimate, mres[["ATE_tol1e-05"]]$estimate, "\n")

# ---------------- terms_transforms (authority)
full <- read_case("terms_transforms")
used <- c("qsmk", "wt82_71", "sex", "race", "age", "education", "smokeintensity", "smokeyrs", "exercise", "active", "wt71")
d <- full[complete.cases(full[, used]), ]
rownames(d) <- NULL
fs <- list(
  book_program_13_2 = wt82_71 ~ qsmk + sex + race + age + factor(education) + smokeintensity + smokeyrs + factor(exercise) +
    factor(active) + wt71 + I(age^2) + I(smokeintensity^2) + I(smokeyrs^2) + I(wt71^2) + qsmk:smokeintensity,
  adjustment_plus_transforms = wt82_71 ~ qsmk + sex + race + age + factor(education) + smokeintensity + smokeyrs +
    factor(exercise) + factor(active) + wt71 + log(wt71) + sqrt(smokeyrs) + smokeintensity:smokeyrs,
  term_language = wt82_71 ~ qsmk + sex + race + poly(age, 2, raw = TRUE) + relevel(factor(education), ref = "3") +
    smokeintensity * smokeyrs + log(smokeintensity) + sqrt(smokeyrs) + factor(exercise) + factor(active) + ns(wt71, 3))
fs$term_language_modifier_sex <- update(fs$term_language, . ~ . + qsmk:sex)
out <- list()
for (mid in names(fs)) {
  fit <- lm(fs[[mid]], data = d)
  mods <- if (mid == "term_language_modifier_sex") "sex" else character(0)
  red <- if (length(mods)) list(sex = lm(fs$term_language, data = d)) else list()
  r <- lm_record(fit, d, "qsmk", 1, 0, targets3(d, "qsmk", 1, 0), mods, reduced = red)
  r$formula <- paste(deparse(fs[[mid]], width.cutoff = 500), collapse = " ")
  if (grepl("^term_language", mid)) {
    nsb <- model.frame(fit)[["ns(wt71, 3)"]]
    r$ns_attributes <- list(knots = arr(attr(nsb, "knots")), Boundary.knots = arr(attr(nsb, "Boundary.knots")))
  }
  out[[mid]] <- r
}
nsb <- model.frame(lm(fs$term_language, data = d))[["ns(wt71, 3)"]]
out$ns_basis_first20 <- lapply(1:20, function(i) arr(unclass(nsb)[i, ]))
# pitfall: lm on the full data lets model.frame evaluate ns(wt71, 3) on all 1629 rows BEFORE na.omit drops the
# 63 rows with missing wt82_71, so the knots (and every number) change
fitp <- lm(fs$term_language, data = full)
nsp <- model.frame(fitp)[["ns(wt71, 3)"]]
dp <- full[complete.cases(full[, used]), ]
rp <- lm_record(fitp, dp, "qsmk", 1, 0, list(ate = rep(TRUE, nrow(dp))))
out$pitfall_ns_knots_from_all_rows <- list(
  note = "lm(formula, data = all 1629 rows): ns() knots from all rows, then na.omit; NOT the fixture's definition",
  knots = arr(attr(nsp, "knots")), Boundary.knots = arr(attr(nsp, "Boundary.knots")),
  ate = rp$estimates$ate$value, ate_se_HC1 = rp$estimates$ate$std_error, n = nobs(fitp))
out$versions <- versions
write_json_exact(out, file.path(FIX, "terms_transforms", "r_lm.json"))
cat("terms_transforms ATE", sapply(names(fs), function(m) out[[m]]$estimates$ate$value), "\n")

# ---------------- terms_missing_per_model
full <- read_case("terms_missing_per_model")
d <- full[complete.cases(full[, c("t", "y", "W1", "W2", "z_ps", "z_out")]), ]
out <- list(linear_regression = lm_record(lm(y ~ t + W1 + W2 + z_out, data = d), d, "t", 1, 0, targets3(d, "t", 1, 0)))
if (requireNamespace("PSweight", quietly = TRUE)) {
  fit <- PSweight(ps.formula = t ~ W1 + W2 + z_ps, yname = "y", data = d, weight = "IPW")
  mu <- fit$muhat; V <- fit$covmu; a <- c(-1, 1)[match(names(mu), c("0", "1"))]
  out$ipw <- list(estimate = sum(a * mu), se = sqrt(drop(t(a) %*% V %*% a)), n = nrow(d))
}
out$versions <- versions
write_json_exact(out, file.path(FIX, "terms_missing_per_model", "r_crosscheck.json"))
cat("terms_missing_per_model", out$linear_regression$estimates$ate$value, out$ipw$estimate, "\n")
