# Shared helpers for the R cross-check scripts. Run from the repository root:
#   Rscript Tests/CausalEngineTests/Fixtures/scripts/<name>.R
# Extra CRAN packages that Debian does not ship (rdd, PSweight, EValue, sensemakr,
# regmedint, ...) are looked up in R_LIBS_USER (see README "Environment").

fix_dir <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  normalizePath(file.path(dirname(f), ".."))
}
FIX <- fix_dir()
REPO <- normalizePath(file.path(FIX, "..", "..", ".."))
SHARED <- Sys.getenv("ASSAY_SHARED", file.path(dirname(REPO), "shared"))

read_case <- function(case) read.csv(file.path(FIX, case, "data.csv"))

# JSON writer with 17 significant digits (jsonlite stops at 15).
to_json <- function(x, indent = "") {
  ni <- paste0(indent, " ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    nms <- names(x)
    if (!is.null(nms) && all(nms != "")) {
      if (length(x) == 0) return("{}")
      items <- vapply(seq_along(x), function(i)
        paste0(ni, '"', nms[i], '": ', to_json(x[[i]], ni)), "")
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n", indent, "}"))
    }
    items <- vapply(x, function(v) to_json(v, ni), "")
    return(paste0("[", paste(items, collapse = ", "), "]"))
  }
  fmt1 <- function(v) {
    if (is.na(v)) return("null")
    if (is.logical(v)) return(if (v) "true" else "false")
    if (is.character(v)) return(paste0('"', gsub('"', '\\\\"', v), '"'))
    if (is.numeric(v)) {
      if (!is.finite(v)) return("null")
      if (is.integer(v)) return(as.character(v))
      return(sprintf("%.17g", v))
    }
    paste0('"', as.character(v), '"')
  }
  if (is.factor(x)) x <- as.character(x)
  v <- vapply(as.vector(x), fmt1, "")
  if (length(x) == 1 && is.null(dim(x)) && is.null(attr(x, "as_array"))) return(v)
  paste0("[", paste(v, collapse = ", "), "]")
}
arr <- function(x) { x <- as.numeric(x); attr(x, "as_array") <- TRUE; x }
write_json_exact <- function(x, path) {
  writeLines(to_json(x), path)
}
pkg_versions <- function(pkgs) {
  out <- list(R = paste(R.version$major, R.version$minor, sep = "."))
  for (p in pkgs) out[[p]] <- as.character(utils::packageVersion(p))
  out
}
