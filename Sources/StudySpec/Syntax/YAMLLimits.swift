/// Limits the YAML composer enforces before a study is read.
///
/// A study file is a small, hand-written document. The limits refuse inputs
/// that only an attack or an accident produces, early and cheaply: an alias
/// "bomb" is refused when its alias budget or its expanded size runs out,
/// without expanding anything (aliases share the anchored node).
public struct YAMLLimits: Sendable {
  /// Largest file accepted, in bytes (10 MiB).
  public var maximumBytes = 10 * 1024 * 1024
  /// Deepest nesting of lists and mappings.
  public var maximumDepth = 64
  /// Most aliases (`*name`) in a document.
  public var maximumAliases = 32
  /// Most nodes in the document with aliases counted as copies.
  public var maximumNodes = 100_000

  public init() {}
}
