# Cross-check for independence: lm residual correlations, chisq.test, p.adjust.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
df <- read_case("independence"); n <- nrow(df)
pr <- function(x, y, Z) {
  f <- function(v) if (length(Z) == 0) df[[v]] - mean(df[[v]]) else resid(lm(reformulate(Z, v), data = df))
  cor(f(x), f(y))
}
FZ <- list(list("age", "treat", character(0)), list("educ", "re74", "age"), list("re74", "treat", c("age", "educ")),
           list("black", "hisp", character(0)), list("re75", "nodegree", c("educ", "re74")))
r <- sapply(FZ, function(a) pr(a[[1]], a[[2]], a[[3]]))
z <- atanh(r) * sqrt(n - sapply(FZ, function(a) length(a[[3]])) - 3)
p_fz <- 2 * pnorm(-abs(z))
chi_u <- c(chisq.test(table(df$black, df$marr), correct = FALSE)$statistic,
           chisq.test(table(df$nodegree, df$treat), correct = FALSE)$statistic)
chi_y <- c(chisq.test(table(df$black, df$marr), correct = TRUE)$statistic,
           chisq.test(table(df$nodegree, df$treat), correct = TRUE)$statistic)
# p-values in the same order as independence.py (read from its output if present)
ex <- file.path(FIX, "independence", "expected.json")
holm <- NULL; bh <- NULL
if (file.exists(ex)) {
  j <- jsonlite::fromJSON(ex)
  p <- j$p_values_in_order$p_value
  holm <- p.adjust(p, "holm"); bh <- p.adjust(p, "BH")
}
out <- list(partial_r = arr(r), fisher_p = arr(p_fz), chi2_uncorrected = arr(unname(chi_u)), chi2_yates = arr(unname(chi_y)),
            holm = if (is.null(holm)) NULL else arr(holm), BH = if (is.null(bh)) NULL else arr(bh),
            versions = pkg_versions(c("stats")))
out <- out[!vapply(out, is.null, TRUE)]
write_json_exact(out, file.path(FIX, "independence", "r_crosscheck.json"))
cat("independence R done\n")
