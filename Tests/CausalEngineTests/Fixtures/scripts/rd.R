# Authority for rd_lee / rd_fuzzy: rdd::RDestimate and rdd::IKbandwidth (rdd 0.57, CRAN source).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(rdd))
fits <- function(f, df, c, h, labs) {
  r <- RDestimate(f, data = df, cutpoint = c, bw = h, kernel = "triangular", se.type = "HC1")
  out <- list()
  for (i in seq_along(labs)) out[[labs[i]]] <- list(bw = r$bw[i], est = unname(r$est[i]), se = r$se[i], obs = r$obs[i])
  out
}
df <- read_case("rd_lee"); df <- df[!is.na(df$lagdemvoteshare), ]
ik <- IKbandwidth(df$lagdemvoteshare, df$score, cutpoint = 0.5, kernel = "triangular")
f <- c(fits(score ~ lagdemvoteshare, df, 0.5, 0.1, c("h0.1", "h0.05", "h0.2")),
       fits(score ~ lagdemvoteshare, df, 0.5, NULL, c("IK", "IK_half", "IK_double")))
write_json_exact(list(IK_bandwidth = ik, fits = f, versions = pkg_versions(c("rdd", "AER", "sandwich"))),
                 file.path(FIX, "rd_lee", "r_rdd.json"))
cat("rd_lee IK", ik, f$IK$est, f$IK$se, "\n")
df <- read_case("rd_fuzzy")
ik <- IKbandwidth(df$X, df$Y, cutpoint = 0, kernel = "triangular")
f <- c(fits(Y ~ X + D, df, 0, 0.5, c("h0.5", "h0.25", "h1")),
       fits(Y ~ X + D, df, 0, NULL, c("IK", "IK_half", "IK_double")))
write_json_exact(list(IK_bandwidth = ik, fits = f, versions = pkg_versions(c("rdd", "AER", "sandwich"))),
                 file.path(FIX, "rd_fuzzy", "r_rdd.json"))
cat("rd_fuzzy IK", ik, f$IK$est, f$IK$se, "\n")
