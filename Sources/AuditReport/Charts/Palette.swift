/// The colours of report charts: the Okabe-Ito palette.
///
/// Okabe & Ito (2008), "Color Universal Design": eight colours that stay
/// distinguishable under the common forms of colour-vision deficiency. Charts
/// never encode anything by colour alone: series also differ by marker shape
/// or line style, and verdicts carry a symbol (✓ ✗ ! –).
enum Palette {
  static let black = "#000000"
  static let orange = "#E69F00"
  static let skyBlue = "#56B4E9"
  static let bluishGreen = "#009E73"
  static let yellow = "#F0E442"
  static let blue = "#0072B2"
  static let vermillion = "#D55E00"
  static let reddishPurple = "#CC79A7"
  static let grey = "#777777"

  /// Series colours in order (black last: it is the "before" colour of love plots).
  static let series = [blue, vermillion, bluishGreen, reddishPurple, orange, skyBlue]

  /// The colour of series `index`.
  static func series(_ index: Int) -> String { series[index % series.count] }

  /// A diverging fill for `value` on a scale symmetric about zero: blue for
  /// positive, vermillion for negative, white at zero; `limit` maps to the
  /// strongest tint (60% of the colour, so that labels on it stay readable).
  static func diverging(_ value: Double?, limit: Double) -> String {
    guard let value, value.isFinite, limit > 0 else { return "#DDDDDD" }
    let t = min(1, abs(value) / limit) * 0.6
    let (r, g, b): (Double, Double, Double) = value >= 0 ? (0x00, 0x72, 0xB2) : (0xD5, 0x5E, 0x00)
    func mix(_ c: Double) -> Int { Int((255 + (c - 255) * t).rounded()) }
    return hex(mix(r), mix(g), mix(b))
  }

  /// The key of a ``diverging(_:limit:)`` scale: `title`, then swatches for
  /// `limit`, `limit/2`, 0, `-limit/2` and `-limit` with their values, from
  /// (`x`, `top`) down, 18 points apart (the next free line is at `top + 120`).
  static func divergingKey(title: String, limit: Double, x: Double, top: Double) -> [XMLNode] {
    var key = [SVG.text(title, x: x, y: top + 10, class: "legend-title")]
    for (index, value) in [limit, limit / 2, 0, -limit / 2, -limit].enumerated() {
      let y = top + 30 + Double(index) * 18
      key.append(
        SVG.rect(
          x: x, y: y - 10, width: 26, height: 14, [("fill", diverging(value, limit: limit)), ("class", "swatch")]))
      key.append(SVG.text(NumberFormat.estimate(value), x: x + 32, y: y + 1, class: "legend"))
    }
    return key
  }

  /// `#RRGGBB` from components in 0...255.
  static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
    let digits = Array("0123456789ABCDEF")
    func two(_ v: Int) -> String {
      let c = max(0, min(255, v))
      return String(digits[c / 16]) + String(digits[c % 16])
    }
    return "#" + two(r) + two(g) + two(b)
  }
}
