/// The version of Assay, printed by `assay --version` and kept in every record.
enum AssayVersion {
  static let text = "0.1.0"
}
