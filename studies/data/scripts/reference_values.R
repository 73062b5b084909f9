# Independent reference values for the example studies' end-to-end tests
# (Tests/AssayCLITests/ExampleStudyTests.swift), computed with base R only.
# Run from the repository root:
#     Rscript studies/data/scripts/reference_values.R > studies/data/scripts/reference_values.txt
# The IV and RD references come from Tests/CausalEngineTests/Fixtures/iv_card and rd_lee
# (R AER/sandwich and rdd) and are not repeated here.
options(digits = 15)
hc1 <- function(fit) {
  X <- model.matrix(fit); u <- residuals(fit); n <- nrow(X); k <- ncol(X)
  bread <- solve(crossprod(X))
  V <- bread %*% crossprod(X * u) %*% bread * n / (n - k)
  sqrt(diag(V))
}
show <- function(name, value) cat(sprintf("%-48s %.15g\n", name, value))
cat(R.version.string, "\n")

# nsw-experimental: the randomised NSW sample (445 men).
nsw <- read.csv("studies/data/nsw_dw.csv")
fit <- lm(re78 ~ treat, data = nsw)
show("nsw-experimental difference in means", coef(fit)[["treat"]])
show("nsw-experimental HC1 standard error", hc1(fit)[["treat"]])

# nsw-cps-observational: NSW treated + CPS controls, effect on the treated.
cps <- read.csv("studies/data/nsw_cps.csv")
show("nsw-cps raw difference in means", mean(cps$re78[cps$treat == 1]) - mean(cps$re78[cps$treat == 0]))
covariates <- "age + educ + black + hisp + marr + nodegree + re74 + re75"
fit <- lm(as.formula(paste("re78 ~ treat +", covariates)), data = cps)
show("nsw-cps OLS coefficient of treat (= ATT)", coef(fit)[["treat"]])
ps <- fitted(glm(as.formula(paste("treat ~", covariates)), family = binomial, data = cps,
                 control = glm.control(epsilon = 1e-14, maxit = 100)))
w <- ps / (1 - ps)
control <- cps$treat == 0
show("nsw-cps IPW ATT (odds weights, Hajek)",
     mean(cps$re78[!control]) - sum(w[control] * cps$re78[control]) / sum(w[control]))

# thornton-hiv-incentives: complete cases, hiv2004 = -1 read as missing.
th <- read.csv("studies/data/thornton_hiv.csv", na.strings = c("", "NA", "NaN", "-1.0"))
th <- th[complete.cases(th[, c("got", "any", "distvct", "age", "hiv2004")]), ]
show("thornton rows used", nrow(th))
show("thornton share who learned, no incentive", mean(th$got[th$any == 0]))
show("thornton share who learned, incentive", mean(th$got[th$any == 1]))
fit <- lm(got ~ any + distvct + age + hiv2004, data = th)
show("thornton OLS coefficient of any (adjusted)", coef(fit)[["any"]])
show("thornton OLS HC1 standard error", hc1(fit)[["any"]])
