# Optional cross-check of the Abadie-Imbens (2016) adjustment for psm_lalonde with the CRAN package
# IUPS 1.0 (function bpsm(method = "AI")). IUPS needs R2jags/JAGS only for its Bayesian branch, so
# its two R files are sourced from a local copy of the CRAN sources given in IUPS_SRC
# (e.g. IUPS_SRC=/work/scratch/Rsrc/IUPS/R); nothing of IUPS is stored in this repository.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(Matching))
src <- Sys.getenv("IUPS_SRC")
if (src == "" || !file.exists(file.path(src, "bpsm.R"))) { cat("IUPS_SRC not set; skipped\n"); quit(status = 0) }
source(file.path(src, "bpsm.R")); source(file.path(src, "sortps.R"))
df <- read_case("psm_lalonde")
COV <- c("age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75")
X <- cbind(1, as.matrix(df[, COV]))
out <- list()
for (est in c("ATE", "ATT")) {
  r <- bpsm(df$re78, df$treat, X, estimand = est, method = "AI", M = 1, L = 1)
  out[[est]] <- list(estimate = r$estimates["AI", "est"], se_unadjusted = r$estimates["Phat", "se"],
                     se_ai2016 = r$estimates["AI", "se"])
}
out$note <- "IUPS 1.0 bpsm(Y, t, cbind(1, covariates), method='AI', M=1, L=1); Match defaults inside (Var.calc=0, distance.tolerance=1e-5)"
out$versions <- pkg_versions(c("Matching"))
write_json_exact(out, file.path(FIX, "psm_lalonde", "r_iups_ai2016.json"))
cat("IUPS:", unlist(out$ATE), unlist(out$ATT), "\n")
# Tie-free check data: Match without distance tolerance so that IUPS's index bookkeeping is valid.
Match <- function(...) Matching::Match(..., distance.tolerance = 0)
ck <- read.csv(file.path(FIX, "psm_lalonde", "ai2016_check_data.csv"))
Xk <- cbind(1, as.matrix(ck[, COV]))
out$check <- list()
for (est in c("ATE", "ATT")) {
  r <- bpsm(ck$re78, ck$treat, Xk, estimand = est, method = "AI", M = 1, L = 1)
  out$check[[est]] <- list(estimate = r$estimates["AI", "est"], se_unadjusted = r$estimates["Phat", "se"],
                           se_ai2016 = r$estimates["AI", "se"])
}
write_json_exact(out, file.path(FIX, "psm_lalonde", "r_iups_ai2016.json"))
cat("IUPS check:", unlist(out$check), "\n")
