extension HTMLRenderer {
  /// The report's style sheet, inlined in `<style>`.
  ///
  /// It contains no `<`, `>` or `&`: a style element is raw text in HTML but
  /// parsed character data in XML, and only text without those characters
  /// reads the same in both. Colours are Okabe-Ito tints; each verdict also has
  /// a symbol, so nothing depends on colour alone.
  static let css = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0; color: #1b1b1b; background: #ffffff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
    h1 { font-size: 1.8em; line-height: 1.25; margin: 0.3em 0 0.5em; }
    h2 { font-size: 1.4em; margin: 2em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid #d0d7de; }
    h3 { font-size: 1.18em; margin: 1.6em 0 0.5em; }
    h4 { font-size: 1.02em; margin: 1.5em 0 0.4em; padding-top: 0.6em; border-top: 1px dotted #d0d7de; }
    a { color: #005a8c; }
    code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
    code { background: #f1f3f5; padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
    pre { background: #f6f8fa; padding: 10px 12px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
    pre code { background: none; padding: 0; }
    .table-wrap { overflow-x: auto; margin: 0.8em 0; }
    table { border-collapse: collapse; font-size: 0.92em; }
    caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 4px; white-space: nowrap; }
    th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
    thead th { background: #f3f5f7; }
    tbody th { font-weight: normal; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .center { text-align: center; }
    tr.row-failed td, tr.row-failed th { background: #fbe7da; }
    tr.row-error td, tr.row-error th { background: #f7e6ef; }
    tr.row-warning td, tr.row-warning th { background: #fdf3dc; }
    tr.row-not-applicable td, tr.row-not-applicable th, tr.row-neutral td, tr.row-neutral th { color: #555555; }
    .badge { display: inline-block; padding: 0 0.45em; border: 1px solid; border-radius: 3px; font-size: 0.85em; font-weight: 600; white-space: nowrap; }
    .badge-passed { color: #005c43; border-color: #009E73; background: #e0f3ed; }
    .badge-failed { color: #8f3a00; border-color: #D55E00; background: #fbe7da; }
    .badge-error { color: #7f3760; border-color: #CC79A7; background: #f7e6ef; }
    .badge-warning { color: #6e4a00; border-color: #E69F00; background: #fdf3dc; }
    .badge-not-applicable, .badge-neutral { color: #444444; border-color: #999999; background: #f2f2f2; }
    mark { background: #fdf3dc; color: inherit; font-weight: 600; padding: 0 0.2em; }
    .banner { margin: 0.6em 0 1.2em; padding: 12px 18px; border-left: 8px solid; border-radius: 4px; }
    .banner ul { margin: 0.4em 0 0; padding-left: 1.3em; }
    .banner li { margin: 0.25em 0; }
    .banner .headline { margin: 0; }
    .banner .headline .badge { font-size: 1.15em; padding: 0.1em 0.5em; }
    .banner .summary { font-weight: 600; }
    .banner-passed { border-color: #009E73; background: #eef8f5; }
    .banner-failed { border-color: #D55E00; background: #fdf1ea; }
    .banner-error { border-color: #CC79A7; background: #fbf1f6; }
    .note { color: #555555; font-size: 0.9em; }
    nav.toc { margin: 1em 0 1.5em; padding: 8px 16px; background: #f6f8fa; border-radius: 4px; }
    nav.toc .toc-title { margin: 0; font-weight: 600; }
    nav.toc ol { margin: 0.3em 0 0; padding-left: 1.4em; columns: 3; }
    figure { margin: 1em 0 1.2em; }
    figcaption { color: #444444; font-size: 0.9em; margin-top: 4px; }
    .footer { margin-top: 3em; color: #555555; font-size: 0.85em; }
    svg.chart { display: block; max-width: 100%; height: auto; }
    svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 12px; fill: #1b1b1b; }
    svg .tick { font-size: 11px; fill: #444444; font-variant-numeric: tabular-nums; }
    svg .axis-label { font-size: 12px; fill: #222222; }
    svg .axis-line { stroke: #444444; stroke-width: 1; }
    svg .grid { stroke: #e6e6e6; stroke-width: 1; }
    svg .reference { stroke: #444444; stroke-width: 1.2; stroke-dasharray: 4 3; }
    svg .reference-strong { stroke: #D55E00; stroke-width: 2; stroke-dasharray: 6 3; }
    svg .estimate-line { stroke: #000000; stroke-width: 1.5; }
    svg .threshold { stroke: #D55E00; stroke-width: 1.5; stroke-dasharray: 5 3; }
    svg .whisker { stroke: #0072B2; stroke-width: 2; }
    svg .band { fill: #0072B2; fill-opacity: 0.08; }
    svg .curve-global { fill: none; stroke: #444444; stroke-width: 1.2; }
    svg .curve-local { fill: none; stroke: #000000; stroke-width: 3; }
    svg .row-label { font-size: 13px; font-weight: 600; }
    svg .row-sublabel { font-size: 10.5px; fill: #555555; }
    svg .row-figures { font-size: 12px; font-variant-numeric: tabular-nums; }
    svg .row-rule { stroke: #f0f0f0; }
    svg .hollow { fill: #ffffff; stroke: #000000; stroke-width: 1.5; }
    svg .annotation { font-size: 11px; }
    svg .halo { paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
    svg .contour { fill: none; stroke: #333333; stroke-width: 1; }
    svg .contour-critical { fill: none; stroke: #D55E00; stroke-width: 2.5; stroke-dasharray: 7 4; }
    svg .contour-label { font-size: 10px; fill: #333333; }
    svg .legend { font-size: 12px; }
    svg .legend-title { font-size: 12px; font-weight: 600; }
    svg .swatch { stroke: #888888; stroke-width: 0.5; }
    svg .cell { stroke: #ffffff; stroke-width: 1; }
    svg .cell-label { font-size: 10.5px; font-variant-numeric: tabular-nums; }
    svg .edge-line { fill: none; stroke: #333333; stroke-width: 1.4; }
    svg .edge-head { fill: #333333; }
    svg .latent .edge-line { stroke: #777777; stroke-dasharray: 5 3; }
    svg .latent .edge-head { fill: #777777; }
    svg .bidirected .edge-line { stroke: #CC79A7; stroke-width: 1.6; stroke-dasharray: 5 3; }
    svg .bidirected .edge-head { fill: #CC79A7; }
    svg .node-box { stroke-width: 2; }
    svg .node-box.latent, svg .swatch.latent { stroke-dasharray: 4 3; stroke-width: 1.5; }
    svg .adjusted-ring { fill: none; stroke: #009E73; stroke-width: 1.5; }
    svg .adjusted-swatch { stroke-width: 2; }
    svg .node-name { font-size: 13px; font-weight: 600; }
    svg .node-name.latent { font-style: italic; font-weight: normal; fill: #555555; }
    svg .node-role { font-size: 10px; fill: #444444; }
    svg .legend-arc { fill: none; stroke: #CC79A7; stroke-width: 1.6; stroke-dasharray: 4 2; }
    @media print {
      body { font-size: 10pt; }
      main { max-width: none; padding: 0; }
      nav.toc { display: none; }
      h2, h3, h4 { break-after: avoid; }
      figure, .banner, tr, pre { break-inside: avoid; }
      .table-wrap { overflow: visible; }
      a { color: inherit; text-decoration: none; }
      .badge, .banner, mark, tr.row-failed td, tr.row-failed th, tr.row-error td, tr.row-error th, tr.row-warning td, tr.row-warning th, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
