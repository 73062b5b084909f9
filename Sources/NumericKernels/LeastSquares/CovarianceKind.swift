/// Which covariance matrix of least-squares coefficients to report.
///
/// With `C = (XᵀWX)⁻¹`, residuals `eᵢ = yᵢ − xᵢᵀβ̂`, weights `wᵢ` (1 for OLS),
/// leverage `hᵢ = wᵢ xᵢᵀ C xᵢ`, `n` rows and rank `k`:
///
/// - `classical`: `σ̂² C` with `σ̂² = Σ wᵢeᵢ² / (n − k)`.
/// - `hc0`: White (1980): `C (Σ wᵢ² eᵢ² xᵢxᵢᵀ) C`.
/// - `hc1`: `n / (n − k) · HC0`.
/// - `hc2`: `C (Σ wᵢ² eᵢ² / (1 − hᵢ) xᵢxᵢᵀ) C`.
/// - `hc3`: `C (Σ wᵢ² eᵢ² / (1 − hᵢ)² xᵢxᵢᵀ) C` (MacKinnon & White 1985).
/// - `cluster(ids)`: Liang & Zeger (1986) with the small-sample factor of
///   Stata and statsmodels, `G/(G−1) · (n−1)/(n−k) · C (Σ_g u_g u_gᵀ) C`,
///   `u_g = Σ_{i∈g} wᵢ eᵢ xᵢ`, `G` the number of distinct ids (Cameron &
///   Miller 2015, eq. 11). Its t statistics use `G − 1` degrees of freedom.
///
/// With weights these are the formulas statsmodels applies to WLS: the
/// weighted design `√wᵢ xᵢ` and weighted residuals `√wᵢ eᵢ` take the place of
/// `xᵢ` and `eᵢ`.
public enum CovarianceKind: Sendable, Hashable {
  case classical
  case hc0
  case hc1
  case hc2
  case hc3
  /// Cluster-robust; `ids[i]` is the cluster of row `i` (any integers).
  case cluster([Int])
}
