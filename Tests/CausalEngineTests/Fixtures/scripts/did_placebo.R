# References for the placebo_time check on mpdta (did_mpdta/placebo_time.json), shift = 1 period:
# * twfe: fixest 0.14.2 feols(lemp ~ fake | countyreal + year, cluster = ~countyreal) on the rows before each
#   treated county's real adoption (year < first.treat for treated counties, every row of the others), with
#   fake = 1[first.treat > 0 and year >= first.treat - 1];
# * cs: R did 2.1.2 att_gt on all rows with every cohort moved one year earlier (first.treat - 1; the 2004
#   cohort becomes 2003, the first period, and did drops it), never-treated controls, dr, varying base, no
#   bootstrap; then aggte(type = "dynamic") at event time 0: with a shift of one period, the cells between a
#   fake and a real adoption are exactly the event-time-0 cells, and their cohort-share-weighted mean is the
#   check's placebo effect. Its did standard error includes the estimated-weights term (wif); the check
#   treats the weights as fixed (see PlaceboTimeRefuter), so only the value is compared exactly.
# Run from the repository root after did.R:  Rscript Tests/CausalEngineTests/Fixtures/scripts/did_placebo.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages({ library(did); library(fixest) })
setFixest_nthreads(1)
df <- read_case("did_mpdta")
treated <- df$first.treat > 0
shifted <- ifelse(treated, df$first.treat - 1, 0)
df$fake <- as.integer(treated & df$year >= shifted)
keep <- !treated | df$year < df$first.treat
tw <- feols(lemp ~ fake | countyreal + year, data = df[keep, ], cluster = ~countyreal)
df$shifted <- shifted
cs <- suppressWarnings(suppressMessages(att_gt(
  yname = "lemp", tname = "year", idname = "countyreal", gname = "shifted", data = df,
  control_group = "nevertreated", est_method = "dr", base_period = "varying", bstrap = FALSE, cband = FALSE)))
dyn <- aggte(cs, type = "dynamic", bstrap = FALSE, cband = FALSE, na.rm = TRUE)
e0 <- which(dyn$egt == 0)
out <- list(
  shift = 1,
  twfe = list(coefficient = unname(coef(tw)[["fake"]]), std_error = unname(se(tw)[["fake"]]),
              p_value = unname(pvalue(tw)[["fake"]]), nobs = nobs(tw)),
  cs = list(event_time_0 = dyn$att.egt[e0], event_time_0_se_with_wif = dyn$se.egt[e0]),
  versions = list(did = as.character(packageVersion("did")), fixest = as.character(packageVersion("fixest"))))
writeLines(to_json(out), file.path(FIX, "did_mpdta", "placebo_time.json"))
