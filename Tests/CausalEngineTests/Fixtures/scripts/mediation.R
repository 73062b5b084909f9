# Cross-check for mediation: regmedint (linear mediator, linear outcome, interaction).
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "_common.R"))
suppressMessages(library(regmedint))
df <- read_case("mediation")
fit <- regmedint(data = df, yvar = "Y", avar = "T", mvar = "M", cvar = c("C1", "C2"),
                 a0 = 0, a1 = 1, m_cde = mean(df$M), c_cond = c(mean(df$C1), mean(df$C2)),
                 mreg = "linear", yreg = "linear", interaction = TRUE, casecontrol = FALSE)
s <- summary(fit)$summary_myreg
out <- list()
for (r in rownames(s)) out[[r]] <- list(est = s[r, "est"], se = s[r, "se"])
out$versions <- pkg_versions(c("regmedint"))
write_json_exact(out, file.path(FIX, "mediation", "r_regmedint.json"))
print(s)
