# Cross-check for ivr_card / ivr_weak / ivr_mop_worked (reads the fits from the pass-1 expected.json):
# AER::ivreg + summary(diagnostics = TRUE), sandwich HC1, ivmodel 1.9.1 (AR.test confidence set, LIML), and an
# independent R implementation of the Montiel Olea-Pflueger effective F (sandwich::vcovHC on the first stage) and of
# the robust (HC1) AR statistic at the Python endpoints.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages({library(AER); library(sandwich); library(ivmodel); library(jsonlite)})

one <- function(df, f) {
  y <- f$outcome; x <- f$treatment; W <- unlist(f$controls); Z <- unlist(f$instruments)
  df <- df[complete.cases(df[, c(y, x, W, Z)]), ]
  fo <- as.formula(paste(y, "~", paste(c(W, x), collapse = " + "), "|", paste(c(W, Z), collapse = " + ")))
  m <- ivreg(fo, data = df)
  dg <- summary(m, diagnostics = TRUE)$diagnostics
  # effective F: first stage with sandwich HC1 / HC0
  fs <- lm(as.formula(paste(x, "~", paste(c(W, Z), collapse = " + "))), data = df)
  Wm <- cbind(1, as.matrix(df[, W, drop = FALSE]))
  Zt <- as.matrix(df[, Z, drop = FALSE]) - Wm %*% qr.solve(Wm, as.matrix(df[, Z, drop = FALSE]))
  Q <- crossprod(Zt); pi <- coef(fs)[Z]
  effF <- function(type) { S <- vcovHC(fs, type = type)[Z, Z, drop = FALSE]
    list(F = as.numeric(t(pi) %*% Q %*% pi) / sum(diag(S %*% Q)), ev = Re(eigen(S %*% Q, only.values = TRUE)$values)) }
  e1 <- effF("HC1"); e0 <- effF("HC0")
  patnaik <- function(ev, x) { w <- ev / sum(ev); K <- 2 * (1 + 2 * x) / (2 * sum(w^2) + 4 * x * max(w))
    qchisq(0.95, df = K, ncp = x * K) / K }
  # ivmodel
  iv <- ivmodel(Y = df[[y]], D = df[[x]], Z = as.matrix(df[, Z, drop = FALSE]), X = as.matrix(df[, W, drop = FALSE]))
  ci <- iv$AR$ci
  # robust AR (HC1 Wald) at the Python endpoints
  ends <- c()
  for (p in f$anderson_rubin$robust_HC1$pieces) for (e in p) if (!is.null(e)) ends <- c(ends, e)
  rob <- NULL
  if (length(ends)) rob <- sapply(ends, function(b0) {
    df$.e <- df[[y]] - b0 * df[[x]]
    r <- lm(as.formula(paste(".e ~", paste(c(W, Z), collapse = " + "))), data = df)
    g <- coef(r)[Z]; V <- vcovHC(r, type = "HC1")[Z, Z, drop = FALSE]
    as.numeric(t(g) %*% solve(V, g)) })
  list(n = nrow(df), tsls_coef = unname(coef(m)[x]), tsls_se_classical = sqrt(vcov(m)[x, x]),
       tsls_se_HC1 = sqrt(vcovHC(m, type = "HC1")[x, x]), tsls_se_HC0 = sqrt(vcovHC(m, type = "HC0")[x, x]),
       weak_instruments_F = dg["Weak instruments", "statistic"], weak_instruments_p = dg["Weak instruments", "p-value"],
       weak_instruments_df = arr(dg["Weak instruments", c("df1", "df2")]),
       wu_hausman = dg["Wu-Hausman", "statistic"], wu_hausman_p = dg["Wu-Hausman", "p-value"],
       wu_hausman_df = arr(dg["Wu-Hausman", c("df1", "df2")]),
       sargan = if (length(Z) > 1) dg["Sargan", "statistic"] else NULL,
       sargan_p = if (length(Z) > 1) dg["Sargan", "p-value"] else NULL,
       effective_F_HC1 = e1$F, effective_F_HC0 = e0$F,
       cv_simplified_tau10_HC1 = patnaik(e1$ev, 10), cv_simplified_tau5_HC1 = patnaik(e1$ev, 20),
       ivmodel_AR_Fstat_at_beta0_0 = iv$AR$Fstat, ivmodel_AR_df = arr(iv$AR$df), ivmodel_AR_ci_info = iv$AR$ci.info,
       ivmodel_AR_ci = arr(as.vector(t(ci))),
       ivmodel_liml_coef = as.numeric(iv$LIML$point.est), ivmodel_liml_se = as.numeric(iv$LIML$std.err),
       ivmodel_liml_kappa = as.numeric(iv$LIML$k),
       robust_AR_at_endpoints = if (is.null(rob)) NULL else arr(rob))
}
for (case in c("ivr_card", "ivr_weak", "ivr_mop_worked")) {
  df <- read_case(case)
  if (case == "ivr_card") {   # nearc2 is ivmodel's card.data$nearc2, rows in the same order
    data(card.data, package = "ivmodel")
    stopifnot(all(df$nearc2 == card.data$nearc2), all(df$educ == card.data$educ), all(df$nearc4 == card.data$nearc4),
              all(df$exper == card.data$exper), all(df$black == card.data$black),
              max(abs(df$lwage - card.data$lwage)) < 1e-6)
  }
  ex <- fromJSON(file.path(FIX, case, "expected.json"), simplifyVector = FALSE)
  fits <- list()
  for (lab in names(ex$fits)) fits[[lab]] <- one(df, ex$fits[[lab]])
  write_json_exact(list(fits = fits, versions = pkg_versions(c("AER", "sandwich", "ivmodel"))),
                   file.path(FIX, case, "r_iv.json"))
  cat(case, "\n")
}
