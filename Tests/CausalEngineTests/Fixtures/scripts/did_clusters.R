# Cluster-robust references for the panel estimators (did_mpdta/clusters.json, did_2x2/clusters.json):
# * fixest 0.14.2 TWFE y ~ d | unit + time with clusters coarser than units (nested), crossing units and periods,
#   and by period: coefficient, SE with fixest's default ssc, df.K, number of clusters;
# * R did 2.1.2 (bstrap = FALSE) influence functions summed by cluster: se = sqrt(sum_c (sum_{i in c} psi_i)^2) / n
#   for every ATT(g,t) and the simple aggregation (did itself reports clustered SEs only through its bootstrap);
# * did_2x2: the same CS clustered SE next to fixest's CR0 SE (ssc(K.adj = FALSE, G.adj = FALSE)) with the same
#   clusters: in the canonical 2x2 the two influence functions coincide unit by unit, so they must be equal.
# Run from the repository root after did.R:  Rscript Tests/CausalEngineTests/Fixtures/scripts/did_clusters.R
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages({ library(did); library(fixest) })
setFixest_nthreads(1)

twfe <- function(df, f, cl) {
  m <- feols(f, data = df, cluster = cl)
  va <- vcov(m, attr = TRUE)
  cr0 <- vcov(m, cluster = cl, ssc = ssc(K.adj = FALSE, G.adj = FALSE))
  list(coefficient = unname(coef(m)[1]), std_error = unname(sqrt(va[1, 1])), K = unname(attr(va, "df.K")),
       n_clusters = unname(fitstat(m, "g")[[1]]), std_error_CR0 = unname(sqrt(cr0[1, 1])))
}

cs_clustered <- function(df, y, t, id, g, cl) {
  o <- att_gt(yname = y, tname = t, idname = id, gname = g, data = df, control_group = "nevertreated",
              est_method = "dr", base_period = "varying", bstrap = FALSE, cband = FALSE)
  psi <- as.matrix(o$inffunc)
  ids <- sort(unique(df[[id]]))
  clus <- df[match(ids, df[[id]]), cl]
  se <- function(v) sqrt(sum(rowsum(v, clus)^2)) / o$n
  s <- aggte(o, type = "simple", bstrap = FALSE, cband = FALSE)
  list(definition = paste0("did::att_gt(yname='", y, "', tname='", t, "', idname='", id, "', gname='", g,
                           "', control_group='nevertreated', est_method='dr', base_period='varying', bstrap=FALSE, ",
                           "cband=FALSE); se = sqrt(sum over clusters of (sum of did's inffunc column)^2) / n"),
       cluster = cl, n_clusters = length(unique(clus)), n = o$n,
       att_gt = lapply(seq_along(o$att), function(k) list(cohort = o$group[k], time = o$t[k], value = o$att[k],
                                                          std_error_unit = o$se[k], std_error_cluster = se(psi[, k]))),
       simple = list(value = s$overall.att, std_error_unit = s$overall.se,
                     std_error_cluster = se(s$inf.function$simple.att)))
}

mp <- read_case("did_mpdta")
mp$state <- mp$countyreal %/% 1000
mp$crossing <- (mp$countyreal * 7 + mp$year) %% 37
f <- lemp ~ d | countyreal + year
write_json_exact(list(
  definition = paste0("fixest::feols(lemp ~ d | countyreal + year, cluster = ~c) with the default ssc, for c = state ",
                      "(countyreal %/% 1000: units nested), crossing ((7 countyreal + year) %% 37: nothing nested) and ",
                      "year; and R did's influence functions summed by state"),
  twfe = list(state = twfe(mp, f, ~state), crossing = twfe(mp, f, ~crossing), year = twfe(mp, f, ~year)),
  cs_nevertreated_dr_varying_nocov_state = cs_clustered(mp, "lemp", "year", "countyreal", "first.treat", "state"),
  versions = pkg_versions(c("did", "DRDID", "fixest"))), file.path(FIX, "did_mpdta", "clusters.json"))

tt <- read_case("did_2x2")
tt$block <- (tt$unit - 1) %/% 4
write_json_exact(list(
  definition = paste0("did_2x2 with clusters block = (unit - 1) %/% 4 (50 blocks of 4 units): fixest ",
                      "feols(y ~ d | unit + time, cluster = ~block) and R did's influence functions summed by block"),
  twfe = twfe(tt, y ~ d | unit + time, ~block),
  cs = cs_clustered(tt, "y", "time", "unit", "g", "block"),
  versions = pkg_versions(c("did", "DRDID", "fixest"))), file.path(FIX, "did_2x2", "clusters.json"))
