# Cross-check for the rdr_* fixtures: R rdrobust / rddensity / rdplot on the same data.csv files and the same
# fits as scripts/rdrobust_refs.py (the list of fits is read from the pass-1 expected.json, key `fit_specs`).
# RDR_VARIANT=github (default): rdrobust 4.0.0 + rddensity 3.0 + lpdensity 2.5 -> <case>/r_rdrobust.json
# RDR_VARIANT=cran: CRAN rdrobust 3.0.0 + rddensity 2.6 (lib RDR_CRAN_LIB, default /work/scratch/Rlib_cran,
#   searched before R_LIBS_USER) -> <case>/r_rdrobust_cran.json
# 4.0.0 is called with stdvars = TRUE to mirror the Python default (it changes nothing but rounding, about 1e-12).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
variant <- Sys.getenv("RDR_VARIANT", "github")
if (variant == "cran") .libPaths(c(Sys.getenv("RDR_CRAN_LIB", "/work/scratch/Rlib_cran"), .libPaths()))
suppressMessages({library(rdrobust); library(rddensity); library(jsonlite)})
out_name <- if (variant == "cran") "r_rdrobust_cran.json" else "r_rdrobust.json"
pk <- c("rdrobust", "rddensity", "lpdensity")

nz <- function(v) if (is.null(v)) NULL else v
run_fit <- function(df, y, x, c0, s) {
  if (!is.null(s$subset)) {
    df <- if (s$subset$side == "left") df[df[[x]] < s$subset$split, ] else df[df[[x]] >= s$subset$split, ]
  }
  cc <- if (!is.null(s$c)) s$c else c0
  yy <- if (!is.null(s$outcome_override)) s$outcome_override else y
  vce <- s$vce
  if (variant == "cran" && vce == "cr1") vce <- "hc1"   # 3.0.0: hc1 + cluster = its cluster-robust variance
  # CRAN 3.0.0 fails with stdvars = TRUE and a given h ("object 'x_sd' not found"), so it runs with its default FALSE
  args <- list(y = df[[yy]], x = df[[x]], c = cc, p = s$p, kernel = s$kernel, vce = vce, stdvars = (variant != "cran"))
  if (!is.null(s$h)) { args$h <- s$h; if (!is.null(s$b)) args$b <- s$b } else args$bwselect <- s$bwselect
  if (!is.null(s$covs)) args$covs <- as.matrix(df[, unlist(s$covs), drop = FALSE])
  if (!is.null(s$cluster)) args$cluster <- df[[s$cluster]]
  if (!is.null(s$fuzzy)) args$fuzzy <- df[[s$fuzzy]]
  r <- tryCatch(suppressWarnings(do.call(rdrobust, args)), error = function(e) e)
  if (inherits(r, "error")) return(list(error = conditionMessage(r)))
  o <- list(coef = arr(r$coef), se = arr(r$se), z = arr(r$z), pv = arr(r$pv), ci_l = arr(r$ci[, 1]), ci_u = arr(r$ci[, 2]),
            h = arr(r$bws[1, ]), b = arr(r$bws[2, ]), N = arr(r$N), N_h = arr(r$N_h), N_b = arr(r$N_b),
            tau_cl = arr(r$tau_cl), tau_bc = arr(r$tau_bc), bias = arr(r$bias), vce = as.character(r$vce),
            kernel = as.character(r$kernel))
  if (!is.null(s$covs) && !is.null(r$coef_covs)) { o$coef_covs <- arr(r$coef_covs); o$covs_names <- unlist(s$covs) }
  if (!is.null(s$fuzzy) && !is.null(r$tau_T)) { o$tau_T <- arr(r$tau_T); o$se_T <- arr(r$se_T) }
  o
}
dens <- function(X, c0) {
  t <- rddensity(X, c = c0)
  list(h = arr(c(t$h$left, t$h$right)), t_jk = t$test$t_jk, p_jk = t$test$p_jk,
       hat = arr(c(t$hat$left, t$hat$right, t$hat$diff)), sd_jk = arr(c(t$sd_jk$left, t$sd_jk$right, t$sd_jk$diff)),
       N = arr(c(t$N$full, t$N$left, t$N$right, t$N$eff_left, t$N$eff_right)))
}
plotbins <- function(y, x, c0) {
  r <- suppressWarnings(rdplot(y, x, c = c0, hide = TRUE))
  vb <- r$vars_bins
  list(J = arr(r$J), J_IMSE = arr(r$J_IMSE), J_MV = arr(r$J_MV), mid = arr(vb$rdplot_mean_bin), min_bin = arr(vb$rdplot_min_bin),
       max_bin = arr(vb$rdplot_max_bin), mean_x = arr(vb$rdplot_mean_x), mean_y = arr(vb$rdplot_mean_y),
       N = arr(vb$rdplot_N), coef_left = arr(r$coef[, 1]), coef_right = arr(r$coef[, 2]))
}
specs_of <- function(case) fromJSON(file.path(FIX, case, "expected.json"), simplifyVector = FALSE)$fit_specs
fit_case <- function(case, df, y, x, c0) {
  fits <- list()
  for (s in specs_of(case)) fits[[s$key]] <- run_fit(df, y, x, c0, s)
  fits
}
vers <- pkg_versions(pk)

lee <- read_case("rdr_lee"); lee <- lee[!is.na(lee$lagdemvoteshare), ]
lee$state_id <- as.integer(sub(":.*", "", lee$state))
o <- list(fits = fit_case("rdr_lee", lee, "score", "lagdemvoteshare", 0.5),
          density = dens(lee$lagdemvoteshare, 0.5), versions = vers)
if (variant != "cran") o$rdplot <- plotbins(lee$score, lee$lagdemvoteshare, 0.5)
write_json_exact(o, file.path(FIX, "rdr_lee", out_name))
cat("rdr_lee", o$fits$mserd_triangular_p1_nn$coef, o$fits$mserd_triangular_p1_nn$h, o$density$p_jk, "\n")

pl <- read_case("rdr_placebo_cutoffs"); pl <- pl[!is.na(pl$lagdemvoteshare), ]
o <- list(fits = fit_case("rdr_placebo_cutoffs", pl, "score", "lagdemvoteshare", 0.5), versions = vers)
write_json_exact(o, file.path(FIX, "rdr_placebo_cutoffs", out_name))

sen <- read_case("rdr_senate")
sv <- sen[!is.na(sen$vote), ]
o <- list(fits = fit_case("rdr_senate", sen, "vote", "margin", 0), density = dens(sen$margin, 0), versions = vers)
if (variant != "cran") o$rdplot <- plotbins(sv$vote, sv$margin, 0)
write_json_exact(o, file.path(FIX, "rdr_senate", out_name))
cat("rdr_senate", o$fits$mserd_triangular_p1_nn$coef, o$density$p_jk, "\n")

b <- read_case("rdr_below")
o <- list(fits = fit_case("rdr_below", b, "vote", "margin", 0), versions = vers)
write_json_exact(o, file.path(FIX, "rdr_below", out_name))

fz <- read_case("rdr_fuzzy")
o <- list(fits = fit_case("rdr_fuzzy", fz, "Y", "X", 0), versions = vers)
write_json_exact(o, file.path(FIX, "rdr_fuzzy", out_name))
cat("rdr_fuzzy", o$fits$mserd_triangular_p1_nn$coef, "\n")

mp <- read_case("rdr_manipulated")
o <- list(density_clean = dens(mp$x_clean, 0), density_manipulated = dens(mp$x_manipulated, 0), versions = vers)
write_json_exact(o, file.path(FIX, "rdr_manipulated", out_name))
cat("rdr_manipulated", o$density_clean$p_jk, o$density_manipulated$p_jk, "\n")
