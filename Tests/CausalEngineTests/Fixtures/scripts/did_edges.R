# Sample rules of R did 2.1.2 that the main did_* configurations do not reach (did_mpdta/edges.json):
# * no_never_treated: mpdta without its never-treated counties, control_group = "notyettreated": did keeps only the
#   periods before the last cohort (2007) and estimates cohorts 2004 and 2006, with cohort 2007 as comparison units;
# * treated_in_first_period: mpdta with the 2004 cohort recoded as first treated in 2003 (the first period; the engine
#   sees d = 1 in every period for those counties): did drops those 20 units ("already treated in the first period").
# Both with est_method = "dr", base_period = "varying", bstrap = FALSE, then aggte(simple, dynamic, group, calendar).
# And (did_simulated/edges.json) fixest 0.14.2 TWFE on the unbalanced rows with units 1 and 2 reduced to their period-5
# rows: fixest removes fixed-effect singletons (one step) before estimating, which changes n, G and the SE.
# Run from the repository root after did.R:  Rscript Tests/CausalEngineTests/Fixtures/scripts/did_edges.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages({ library(did); library(fixest) })
setFixest_nthreads(1)

run <- function(df, control) {
  w <- character(0)
  o <- withCallingHandlers(
    att_gt(yname = "lemp", tname = "year", idname = "countyreal", gname = "first.treat", data = df,
           control_group = control, est_method = "dr", base_period = "varying", bstrap = FALSE, cband = FALSE),
    warning = function(c) { w <<- c(w, conditionMessage(c)); invokeRestart("muffleWarning") },
    message = function(c) invokeRestart("muffleMessage"))
  agg <- function(type) {
    a <- aggte(o, type = type, bstrap = FALSE, cband = FALSE)
    out <- list(value = a$overall.att, std_error = a$overall.se)
    if (!is.null(a$egt)) out$elements <- lapply(seq_along(a$egt), function(k)
      list(key = a$egt[k], value = a$att.egt[k], std_error = a$se.egt[k]))
    out
  }
  list(n_units = o$n, periods = arr(o$DIDparams$tlist), cohorts = arr(o$DIDparams$glist),
       att_gt = lapply(seq_along(o$att), function(k) list(cohort = o$group[k], time = o$t[k], value = o$att[k],
                                                          std_error = o$se[k])),
       pretest = list(statistic = if (is.null(o$W)) NULL else as.numeric(o$W), df = sum(o$group > o$t)),
       simple = agg("simple"), dynamic = agg("dynamic"), group = agg("group"), calendar = agg("calendar"),
       did_warnings = as.list(unique(gsub("[\n\t]+", " ", w))))
}

mp <- read_case("did_mpdta")
early <- mp
early$first.treat[early$first.treat == 2004] <- 2003
write_json_exact(list(
  definition = paste0("R did 2.1.2 att_gt(yname='lemp', tname='year', idname='countyreal', gname='first.treat', ",
                      "est_method='dr', base_period='varying', bstrap=FALSE, cband=FALSE) and aggte(bstrap=FALSE) on ",
                      "modified did_mpdta data (see scripts/did_edges.R); aggte's group element SEs and the group ",
                      "overall SE are did's own numbers (the group overall SE with did's weight-influence term)"),
  no_never_treated = run(mp[mp$first.treat > 0, ], "notyettreated"),
  treated_in_first_period = run(early, "nevertreated"),
  versions = pkg_versions(c("did", "DRDID"))), file.path(FIX, "did_mpdta", "edges.json"))

un <- read.csv(file.path(FIX, "did_simulated", "data_unbalanced.csv"))
un <- un[!(un$unit %in% c(1, 2)) | un$time == 5, ]
m <- suppressMessages(feols(y ~ d | unit + time, data = un, cluster = ~unit))
va <- vcov(m, attr = TRUE)
write_json_exact(list(
  definition = paste0("fixest::feols(y ~ d | unit + time, cluster = ~unit) on did_simulated/data_unbalanced.csv without ",
                      "the rows of units 1 and 2 other than period 5 (rows kept: ", nrow(un), "); fixest removes the two ",
                      "fixed-effect singletons (fixef.rm default)"),
  twfe_singletons = list(rows_given = nrow(un), coefficient = unname(coef(m)[1]), std_error = unname(se(m)[1]),
                         n_obs = nobs(m), n_clusters = unname(fitstat(m, "g")[[1]]), K = unname(attr(va, "df.K")),
                         removed_rows_1based = arr(-m$obs_selection$obsRemoved)),
  versions = pkg_versions(c("fixest"))), file.path(FIX, "did_simulated", "edges.json"))
