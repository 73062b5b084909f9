# Authority for the difference-in-differences fixtures (did_mpdta, did_second_panel, did_simulated, did_2x2):
# R `did` (Callaway & Sant'Anna 2021; att_gt + aggte with analytic SEs), `fixest` (TWFE, clustered SEs),
# `bacondecomp` (Goodman-Bacon 2021) and `TwoWayFEWeights` (de Chaisemartin & D'Haultfoeuille 2020).
# Writes <case>/r_did.json (and did_mpdta/data.csv from did::mpdta, and the influence-function CSVs).
# Run from the repository root:  Rscript Tests/CausalEngineTests/Fixtures/scripts/did.R
# CRAN-only packages (did, DRDID, BMisc, fastglm, trust, fixest, dreamerr, stringmagic, bacondecomp,
# TwoWayFEWeights, and Rcpp >= 1.0.12) are looked up in R_LIBS_USER (README "Regenerating").
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages({
  library(did); library(fixest); library(bacondecomp); library(TwoWayFEWeights)
})
setFixest_nthreads(1)

fmt17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

# ---------------------------------------------------------------------------------------------
# did_mpdta/data.csv: did::mpdta (did 2.1.2, data/mpdta.rda), original row order, plus d.
# ---------------------------------------------------------------------------------------------
write_mpdta <- function() {
  data(mpdta, package = "did", envir = environment())
  x <- mpdta
  d <- as.integer(x$first.treat > 0 & x$year >= x$first.treat)
  out <- data.frame(year = as.integer(x$year), countyreal = as.integer(x$countyreal),
                    lpop = fmt17(x$lpop), lemp = fmt17(x$lemp),
                    first.treat = as.integer(x$first.treat), treat = as.integer(x$treat), d = d)
  dir.create(file.path(FIX, "did_mpdta"), showWarnings = FALSE)
  write.csv(out, file.path(FIX, "did_mpdta", "data.csv"), row.names = FALSE, quote = FALSE)
}
write_mpdta()

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
collect_warnings <- function(expr) {
  w <- character(0)
  val <- withCallingHandlers(expr, warning = function(cond) {
    w <<- c(w, conditionMessage(cond)); invokeRestart("muffleWarning")
  }, message = function(cond) invokeRestart("muffleMessage"))
  list(value = val, warnings = unique(gsub("[\n\t]+", " ", w)))
}

agg_list <- function(a) {
  out <- list(overall_att = a$overall.att, overall_se = a$overall.se)
  if (!is.null(a$egt)) {
    out$egt <- arr(a$egt); out$att_egt <- arr(a$att.egt); out$se_egt <- arr(a$se.egt)
  }
  out
}

run_cs <- function(df, cfg, ifdump = NULL) {
  args <- list(yname = cfg$y, tname = cfg$t, idname = cfg$id, gname = cfg$g, data = df,
               control_group = cfg$control, est_method = cfg$est, base_period = cfg$base,
               anticipation = cfg$anticipation, bstrap = FALSE, cband = FALSE)
  if (!is.null(cfg$xformla)) args$xformla <- as.formula(cfg$xformla)
  if (!is.null(cfg$weights)) args$weightsname <- cfg$weights
  if (!is.null(cfg$allow_unbalanced_panel)) args$allow_unbalanced_panel <- cfg$allow_unbalanced_panel
  r <- collect_warnings(do.call(att_gt, args))
  o <- r$value
  pre <- which(o$group > o$t & !is.na(o$se))
  W <- if (is.null(o$W)) NA else as.numeric(o$W)
  q <- length(pre)
  res <- list(
    n = o$n, glist = arr(o$DIDparams$glist), tlist = arr(o$DIDparams$tlist),
    att_group = arr(o$group), att_t = arr(o$t), att = arr(o$att), se = arr(o$se),
    pretest = list(W = W, df = q, Wpval_did_rounded = if (is.null(o$Wpval)) NA else as.numeric(o$Wpval),
                   p_value_unrounded = if (is.na(W)) NA else pchisq(W, q, lower.tail = FALSE)),
    warnings_att_gt = r$warnings)
  na_rm <- any(is.na(o$att))
  for (ty in c("simple", "dynamic", "group", "calendar")) {
    a <- collect_warnings(aggte(o, type = ty, bstrap = FALSE, cband = FALSE, na.rm = na_rm))
    res[[ty]] <- agg_list(a$value)
    if (length(a$warnings)) res[[ty]]$warnings <- a$warnings
    if (ty == "simple") simple_if <- a$value$inf.function$simple.att
  }
  if (!is.null(ifdump)) {
    ids <- sort(unique(df[[cfg$id]]))   # did orders units by id
    m <- as.matrix(o$inffunc)
    out <- data.frame(id = ids)
    names(out)[1] <- cfg$id
    for (k in seq_len(ncol(m))) out[[paste0("attgt_", o$group[k], "_", o$t[k])]] <- fmt17(m[, k])
    out$simple <- fmt17(simple_if)
    write.csv(out, ifdump, row.names = FALSE, quote = FALSE)
  }
  res
}

# fixest TWFE y ~ d | id + t, clustered by id, with the default small-sample correction
run_twfe <- function(df, y, d, id, t, w = NULL) {
  f <- as.formula(paste(y, "~", d, "|", id, "+", t))
  m <- if (is.null(w)) feols(f, data = df, cluster = as.formula(paste0("~", id)))
       else feols(f, data = df, cluster = as.formula(paste0("~", id)), weights = as.formula(paste0("~", w)))
  ct <- coeftable(m)
  se_raw <- sqrt(vcov(m, cluster = as.formula(paste0("~", id)),
                      ssc = ssc(K.adj = FALSE, G.adj = FALSE))[1, 1])
  se_G <- sqrt(vcov(m, cluster = as.formula(paste0("~", id)), ssc = ssc(K.adj = FALSE, G.adj = TRUE))[1, 1])
  se_Kfull <- sqrt(vcov(m, cluster = as.formula(paste0("~", id)),
                        ssc = ssc(K.adj = TRUE, K.fixef = "full", G.adj = TRUE))[1, 1])
  se_iid <- sqrt(vcov(m, vcov = "iid")[1, 1])
  va <- vcov(m, attr = TRUE)
  list(coefficient = unname(coef(m)[1]), std_error = unname(ct[1, 2]), t_value = unname(ct[1, 3]),
       p_value = unname(ct[1, 4]), nobs = nobs(m), n_clusters = length(unique(df[[id]])),
       t_df = unname(fitstat(m, "g")[[1]]) - 1,
       se_no_adjustment = se_raw, se_G_adj_only = se_G, se_K_full = se_Kfull, se_iid = se_iid,
       df_K = unname(attr(va, "df.K")), dof_K = unname(attr(va, "dof.K")),
       ssc_default = "ssc(K.adj = TRUE, K.fixef = 'nonnested', K.exact = FALSE, G.adj = TRUE, G.df = 'min', t.df = 'min')")
}

run_bacon <- function(df, y, d, id, t) {
  r <- collect_warnings(bacon(as.formula(paste(y, "~", d)), data = df, id_var = id, time_var = t, quietly = TRUE))
  b <- r$value
  list(treated = arr(b$treated), untreated = arr(b$untreated), estimate = arr(b$estimate),
       weight = arr(b$weight), type = as.list(as.character(b$type)), weighted_sum = sum(b$estimate * b$weight))
}

run_dcdh <- function(df, y, d, id, t, w = NULL) {
  args <- list(df, Y = y, G = id, T = t, D = d, type = "feTR", summary_measures = TRUE)
  # TwoWayFEWeights 2.0.4 documents `weights` as a column name but assigns the argument itself to the weight
  # column (df$weights <- weights), so the weight VECTOR is passed (rows are not reordered before that step).
  if (!is.null(w)) args$weights <- df[[w]]
  r <- collect_warnings(suppressMessages(do.call(twowayfeweights, args)))
  o <- r$value
  dr <- as.data.frame(o$dat_result)
  dr <- dr[order(dr$G, dr$T), ]
  list(beta = o$beta, nr_plus = o$nr_plus, nr_minus = o$nr_minus, nr_weights = o$nr_weights,
       sum_plus = o$sum_plus, sum_minus = o$sum_minus, sensibility = o$sensibility,
       cells = list(id = arr(dr$G), t = arr(dr$T), weight = arr(dr$weight)))
}

combo <- function(control, est, base, xformla = NULL, weights = NULL, anticipation = 0, ...) {
  list(control = control, est = est, base = base, xformla = xformla, weights = weights,
       anticipation = anticipation, ...)
}

# configuration names follow <control>_<est>_<base>_<cov>[_<extra>]
CS_CONFIGS <- list(
  nevertreated_dr_varying_nocov = combo("nevertreated", "dr", "varying"),
  notyettreated_dr_varying_nocov = combo("notyettreated", "dr", "varying"),
  nevertreated_dr_universal_nocov = combo("nevertreated", "dr", "universal"),
  notyettreated_dr_universal_nocov = combo("notyettreated", "dr", "universal"),
  nevertreated_reg_varying_nocov = combo("nevertreated", "reg", "varying"),
  nevertreated_ipw_varying_nocov = combo("nevertreated", "ipw", "varying"),
  nevertreated_dr_varying_nocov_anticipation1 = combo("nevertreated", "dr", "varying", anticipation = 1)
)
cov_configs <- function(x) {
  l <- list(combo("nevertreated", "dr", "varying", xformla = paste0("~", x)),
            combo("nevertreated", "reg", "varying", xformla = paste0("~", x)),
            combo("nevertreated", "ipw", "varying", xformla = paste0("~", x)),
            combo("notyettreated", "dr", "varying", xformla = paste0("~", x)),
            combo("notyettreated", "reg", "varying", xformla = paste0("~", x)),
            combo("notyettreated", "ipw", "varying", xformla = paste0("~", x)),
            combo("nevertreated", "dr", "universal", xformla = paste0("~", x)))
  names(l) <- c(paste0("nevertreated_", c("dr", "reg", "ipw"), "_varying_", x),
                paste0("notyettreated_", c("dr", "reg", "ipw"), "_varying_", x),
                paste0("nevertreated_dr_universal_", x))
  l
}

run_case <- function(case, df, y, t, id, g, d, configs, ifdump_cfgs = character(0), twfe_w = NULL,
                     extra = list()) {
  res <- list(cs = list())
  for (nm in names(configs)) {
    cfg <- c(list(y = y, t = t, id = id, g = g), configs[[nm]])
    dump <- if (nm %in% ifdump_cfgs) file.path(FIX, case, paste0("influence_", nm, ".csv")) else NULL
    res$cs[[nm]] <- run_cs(df, cfg, dump)
    cat(case, nm, "simple:", res$cs[[nm]]$simple$overall_att, res$cs[[nm]]$simple$overall_se, "\n")
  }
  res$twfe <- run_twfe(df, y, d, id, t)
  if (!is.null(twfe_w)) res$twfe_weighted <- run_twfe(df, y, d, id, t, twfe_w)
  res$bacon <- run_bacon(df, y, d, id, t)
  res$dcdh <- run_dcdh(df, y, d, id, t)
  if (!is.null(twfe_w)) res$dcdh_weighted <- run_dcdh(df, y, d, id, t, twfe_w)
  for (k in names(extra)) res[[k]] <- extra[[k]]
  res$versions <- pkg_versions(c("did", "DRDID", "BMisc", "fastglm", "fixest", "bacondecomp", "TwoWayFEWeights"))
  write_json_exact(res, file.path(FIX, case, "r_did.json"))
}

# ---------------------------------------------------------------------------------------------
# did_mpdta
# ---------------------------------------------------------------------------------------------
mp <- read_case("did_mpdta")
run_case("did_mpdta", mp, "lemp", "year", "countyreal", "first.treat", "d",
         c(CS_CONFIGS, cov_configs("lpop")),
         ifdump_cfgs = c("nevertreated_dr_varying_nocov", "nevertreated_dr_varying_lpop"))

# ---------------------------------------------------------------------------------------------
# did_second_panel (castle doctrine, Cheng & Hoekstra 2013, Mixtape castle.dta)
# ---------------------------------------------------------------------------------------------
ca <- read_case("did_second_panel")
ca_cfg <- CS_CONFIGS[c("nevertreated_dr_varying_nocov", "notyettreated_dr_varying_nocov",
                       "nevertreated_dr_universal_nocov", "notyettreated_dr_universal_nocov",
                       "nevertreated_dr_varying_nocov_anticipation1")]
ca_cfg$nevertreated_dr_varying_nocov_popwt <- combo("nevertreated", "dr", "varying", weights = "popwt")
ca_cfg$notyettreated_dr_varying_nocov_popwt <- combo("notyettreated", "dr", "varying", weights = "popwt")
ca_cfg$nevertreated_dr_universal_nocov_popwt <- combo("nevertreated", "dr", "universal", weights = "popwt")
# published reproduction: bacondecomp's castle uses post = 1[year >= effyear] (column post_bacon)
pub <- list(twfe_post_bacon = run_twfe(ca, "l_homicide", "post_bacon", "sid", "year"),
            bacon_post_bacon = run_bacon(ca, "l_homicide", "post_bacon", "sid", "year"))
run_case("did_second_panel", ca, "l_homicide", "year", "sid", "g", "post", ca_cfg,
         ifdump_cfgs = c("nevertreated_dr_varying_nocov_popwt"), twfe_w = "popwt", extra = pub)

# ---------------------------------------------------------------------------------------------
# did_simulated (balanced) + unbalanced version
# ---------------------------------------------------------------------------------------------
si <- read_case("did_simulated")
si_cfg <- c(CS_CONFIGS, cov_configs("x"))
si_cfg$nevertreated_dr_varying_x_anticipation1 <- combo("nevertreated", "dr", "varying", xformla = "~x",
                                                        anticipation = 1)
un <- read.csv(file.path(FIX, "did_simulated", "data_unbalanced.csv"))
unb <- list()
for (nm in c("nevertreated_dr_varying_nocov", "nevertreated_dr_varying_x", "notyettreated_dr_varying_x")) {
  cfg <- c(list(y = "y", t = "time", id = "unit", g = "g"), si_cfg[[nm]])
  unb[[paste0(nm, "_default_balanced")]] <- run_cs(un, cfg)
  cfg$allow_unbalanced_panel <- TRUE
  unb[[paste0(nm, "_allow_unbalanced_panel")]] <- run_cs(un, cfg)
}
unb$twfe <- run_twfe(un, "y", "d", "unit", "time")
run_case("did_simulated", si, "y", "time", "unit", "g", "d", si_cfg,
         ifdump_cfgs = c("nevertreated_dr_varying_x"), extra = list(unbalanced = unb))

# ---------------------------------------------------------------------------------------------
# did_2x2
# ---------------------------------------------------------------------------------------------
tt <- read_case("did_2x2")
tt_cfg <- CS_CONFIGS[c("nevertreated_dr_varying_nocov", "nevertreated_reg_varying_nocov",
                       "nevertreated_ipw_varying_nocov")]
run_case("did_2x2", tt, "y", "time", "unit", "g", "d", tt_cfg,
         ifdump_cfgs = c("nevertreated_dr_varying_nocov"))
