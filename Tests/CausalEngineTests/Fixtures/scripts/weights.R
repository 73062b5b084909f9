# Cross-checks for weights_clusters (scripts/weights.py): sampling weights and cluster-robust SEs.
#   r_sandwich.json  lm(weights =) + sandwich::vcovHC(HC1) / vcovCL(HC1, cadjust = TRUE) for the linear g-computation
#                    contrasts; AER::ivreg(weights =) + the same sandwich types.
#   r_survey.json    survey::svyglm (gaussian, quasibinomial + delta method), svymean of the AIPW score, svyratio of
#                    the AIPW ATT, with nuisances refitted in R (lm/glm with weights); PLR by lm + sandwich HC0/vcovCL.
#   r_weightit.json  WeightIt::weightit(s.weights =) + glm_weightit(vcov = "asympt" [, cluster =]) for Hajek ATE/ATT.
#   r_rdrobust.json  rdrobust 4.0.0 (weights =, cluster =), stdvars = TRUE as in rdr_*.
# WeightIt 1.3.2 needs rlang >= 1.1, chk, cobalt 4.5.5: they are looked up in WEIGHTIT_LIB (default
# /work/scratch/Rlib_weights), searched first; rdrobust in R_LIBS_USER. Run from the repository root.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
# WeightIt's library first, before anything loads rlang (Debian's 1.0.6 is too old for WeightIt)
.libPaths(c(Sys.getenv("WEIGHTIT_LIB", "/work/scratch/Rlib_weights"), .libPaths()))
suppressMessages({library(sandwich); library(survey); library(AER)})
case <- "weights_clusters"
df <- read_case(case)
n <- nrow(df)
df$one <- 1
cfgs <- list(unweighted = c(FALSE, FALSE), weights = c(TRUE, FALSE), cluster = c(FALSE, TRUE),
             weights_cluster = c(TRUE, TRUE))
wts <- function(use_w) if (use_w) df$w else rep(1, n)
targets <- list(ate = rep(TRUE, n), att = df$T == 1, atc = df$T == 0)

# ---------------------------------------------------------------- lm / ivreg + sandwich
lm_block <- function(modifier) {
  out <- list()
  for (cfg in names(cfgs)) {
    uw <- cfgs[[cfg]][1]; uc <- cfgs[[cfg]][2]
    d <- df; d$ww <- wts(uw)
    f <- if (modifier) Y ~ T + W1 + W2 + I(T * W1) else Y ~ T + W1 + W2
    fit <- lm(f, data = d, weights = ww)
    V <- if (uc) vcovCL(fit, cluster = ~cluster, type = "HC1", cadjust = TRUE) else vcovHC(fit, type = "HC1")
    res <- list()
    for (lab in names(targets)) {
      m <- targets[[lab]]
      a <- c(0, 1, 0, 0)
      if (modifier) a <- c(a, sum(d$ww[m] * d$W1[m]) / sum(d$ww[m]))
      res[[lab]] <- list(estimate = sum(a * coef(fit)), se = sqrt(drop(t(a) %*% V %*% a)))
    }
    out[[cfg]] <- res
  }
  out
}
iv_block <- function() {
  out <- list()
  for (cfg in names(cfgs)) {
    uw <- cfgs[[cfg]][1]; uc <- cfgs[[cfg]][2]
    d <- df; d$ww <- wts(uw)
    fit <- ivreg(Y_iv ~ W1 + W2 + D | W1 + W2 + Z, data = d, weights = ww)
    V <- if (uc) vcovCL(fit, cluster = ~cluster, type = "HC1", cadjust = TRUE) else vcovHC(fit, type = "HC1")
    out[[cfg]] <- list(estimate = unname(coef(fit)["D"]), se = sqrt(V["D", "D"]))
  }
  out
}
write_json_exact(list(lm = lm_block(FALSE), lm_modifier = lm_block(TRUE), ivreg = iv_block(),
                      note = paste("lm/ivreg with weights = w (1 when unweighted); vcovHC(type = 'HC1');",
                                   "vcovCL(cluster = ~cluster, type = 'HC1', cadjust = TRUE) = G/(G-1)(n-1)/(n-k)"),
                      versions = pkg_versions(c("sandwich", "AER"))),
                 file.path(FIX, case, "r_sandwich.json"))

# ---------------------------------------------------------------- survey
design_of <- function(uw, uc) {
  svydesign(ids = if (uc) ~cluster else ~1, weights = if (uw) ~w else ~one, data = df)
}
expit <- function(x) 1 / (1 + exp(-x))
# cross-fitted nuisances (fold = row index mod 5), fitted with weights
crossfit <- function(ww) {
  mu1 <- mu0 <- e <- l <- m <- numeric(n)
  d <- df; d$ww <- ww
  for (k in 0:4) {
    te <- d$fold == k; tr <- d$fold != k
    f1 <- lm(Y ~ W1 + W2, data = d[tr & d$T == 1, ], weights = ww)
    f0 <- lm(Y ~ W1 + W2, data = d[tr & d$T == 0, ], weights = ww)
    fe <- glm(T ~ W1 + W2, data = d[tr, ], weights = ww, family = quasibinomial(),
              control = glm.control(epsilon = 1e-14, maxit = 100))
    fl <- lm(Y ~ W1 + W2, data = d[tr, ], weights = ww)
    fm <- lm(T ~ W1 + W2, data = d[tr, ], weights = ww)
    mu1[te] <- predict(f1, d[te, ]); mu0[te] <- predict(f0, d[te, ])
    e[te] <- predict(fe, d[te, ], type = "response")
    l[te] <- predict(fl, d[te, ]); m[te] <- predict(fm, d[te, ])
  }
  list(mu1 = mu1, mu0 = mu0, e = e, l = l, m = m)
}
nu <- list(unweighted = crossfit(rep(1, n)), weighted = crossfit(df$w))
sg <- list(); sq <- list(); sm <- list(); sr <- list(); pl <- list()
for (cfg in names(cfgs)) {
  uw <- cfgs[[cfg]][1]; uc <- cfgs[[cfg]][2]
  des <- design_of(uw, uc)
  # linear regression (gaussian svyglm)
  fg <- svyglm(Y ~ T + W1 + W2, design = des)
  sg[[cfg]] <- list(estimate = unname(coef(fg)["T"]), se = sqrt(vcov(fg)["T", "T"]),
                    df = degf(des) + 1 - length(coef(fg)), degf = degf(des))
  # logistic GLM, risk difference by the delta method with svyglm's vcov
  fb <- svyglm(Yb ~ T + W1 + W2, design = des, family = quasibinomial(),
               control = glm.control(epsilon = 1e-14, maxit = 100))
  b <- coef(fb); V <- vcov(fb)
  X <- model.matrix(~ T + W1 + W2, df)
  X1 <- X; X1[, "T"] <- 1; X0 <- X; X0[, "T"] <- 0
  p1 <- expit(drop(X1 %*% b)); p0 <- expit(drop(X0 %*% b))
  ww <- wts(uw)
  r <- list()
  for (lab in names(targets)) {
    mk <- targets[[lab]]; ws <- ww[mk] / sum(ww[mk])
    g <- colSums(ws * (p1 * (1 - p1))[mk] * X1[mk, , drop = FALSE]) - colSums(ws * (p0 * (1 - p0))[mk] * X0[mk, , drop = FALSE])
    r[[lab]] <- list(estimate = sum(ws * p1[mk]) - sum(ws * p0[mk]), se = sqrt(drop(t(g) %*% V %*% g)))
  }
  r$coef <- arr(b)
  sq[[cfg]] <- r
  # AIPW score and its survey mean / ratio
  z <- nu[[if (uw) "weighted" else "unweighted"]]
  phi <- with(z, mu1 - mu0 + df$T * (df$Y - mu1) / e - (1 - df$T) * (df$Y - mu0) / (1 - e))
  num <- with(z, df$T * (df$Y - mu0) - (1 - df$T) * e / (1 - e) * (df$Y - mu0))
  des2 <- update(des, phi = phi, num = num)
  s1 <- svymean(~phi, des2)
  sm[[cfg]] <- list(estimate = as.numeric(coef(s1))[1], se = as.numeric(SE(s1))[1])
  s2 <- svyratio(~num, ~T, des2)
  sr[[cfg]] <- list(estimate = as.numeric(coef(s2))[1], se = as.numeric(SE(s2))[1])
  # PLR: lm of ut on vt (no intercept) with weights, HC0 / vcovCL(HC0, cadjust = TRUE)
  d <- data.frame(ut = df$Y - z$l, vt = df$T - z$m, ww = ww, cluster = df$cluster)
  fp <- lm(ut ~ 0 + vt, data = d, weights = ww)
  Vp <- if (uc) vcovCL(fp, cluster = ~cluster, type = "HC0", cadjust = TRUE) else vcovHC(fp, type = "HC0")
  pl[[cfg]] <- list(estimate = unname(coef(fp)), se = sqrt(Vp[1, 1]))
}
first10 <- lapply(nu, function(z) lapply(z, function(v) arr(v[1:10])))
write_json_exact(list(svyglm_gaussian = sg, svyglm_quasibinomial = sq, svymean_aipw = sm, svyratio_aipw_att = sr,
                      plr_lm_sandwich = pl, nuisance_first10 = first10,
                      note = paste("svydesign(ids = ~1 or ~cluster, weights = ~w or ~one); svyglm vcov = survey sandwich",
                                   "(n/(n-1) or G/(G-1), no (n-1)/(n-k)); df = degf + 1 - k (summary.svyglm).",
                                   "Nuisances refitted in R: lm(weights), glm(quasibinomial, weights, epsilon 1e-14)."),
                      versions = pkg_versions(c("survey", "sandwich"))),
                 file.path(FIX, case, "r_survey.json"))

# ---------------------------------------------------------------- WeightIt (M-estimation with s.weights)
wi <- tryCatch({
  suppressMessages(library(WeightIt))
  out <- list()
  for (cfg in names(cfgs)) {
    uw <- cfgs[[cfg]][1]; uc <- cfgs[[cfg]][2]
    r <- list()
    for (est in c("ATE", "ATT")) {
      W <- if (uw) weightit(T ~ W1 + W2, data = df, method = "glm", estimand = est, s.weights = "w")
           else weightit(T ~ W1 + W2, data = df, method = "glm", estimand = est)
      fit <- if (uc) glm_weightit(Y ~ T, data = df, weightit = W, vcov = "asympt", cluster = ~cluster)
             else glm_weightit(Y ~ T, data = df, weightit = W, vcov = "asympt")
      r[[tolower(est)]] <- list(estimate = unname(coef(fit)["T"]), se = sqrt(vcov(fit)["T", "T"]),
                                vcov_type = fit$vcov_type)
    }
    out[[cfg]] <- r
  }
  out$versions <- pkg_versions(c("WeightIt", "cobalt", "chk", "rlang"))
  out
}, error = function(e) list(error = conditionMessage(e)))
write_json_exact(wi, file.path(FIX, case, "r_weightit.json"))

# ---------------------------------------------------------------- rdrobust 4.0.0
suppressMessages(library(rdrobust))
rd_all <- function(stdvars) {
  rd <- list()
  for (fk in c("h0.3", "mserd")) {
    rd[[fk]] <- list()
    for (cfg in names(cfgs)) {
      uw <- cfgs[[cfg]][1]; uc <- cfgs[[cfg]][2]
      args <- list(y = df$Y_rd, x = df$R, c = 0, p = 1, kernel = "triangular", vce = "nn", stdvars = stdvars)
      if (fk == "h0.3") args$h <- 0.3 else args$bwselect <- "mserd"
      if (uw) args$weights <- df$w
      if (uc) args$cluster <- df$cluster
      r <- suppressWarnings(do.call(rdrobust, args))
      rd[[fk]][[cfg]] <- list(coef = arr(r$coef), se = arr(r$se), ci_l = arr(r$ci[, 1]), ci_u = arr(r$ci[, 2]),
                              h = arr(r$bws[1, ]), b = arr(r$bws[2, ]), N_h = arr(r$N_h), N_b = arr(r$N_b),
                              vce = as.character(r$vce))
    }
  }
  rd
}
rd <- rd_all(TRUE)                      # as rdr_* (mirrors the Python default)
rd$stdvars_false <- rd_all(FALSE)       # diagnostic
rd$versions <- pkg_versions(c("rdrobust"))
write_json_exact(rd, file.path(FIX, case, "r_rdrobust.json"))
cat("weights_clusters R done\n")
