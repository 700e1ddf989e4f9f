import Experiments

extension ModelReport {
    /// The model charts: mean cosine per format pair (one bar per data and transform); output QSNR per
    /// layer (one line per cell); mean QSNR per site of the weights and activations; crest factor per
    /// site (format domain, first cell of each transform); pooled kernel share per format pair.
    func chartList() -> [(name: String, title: String, svg: String)] {
        var out: [(String, String, String)] = []
        let series = data.flatMap { d in transforms.map { (d, $0) } }.filter { p in cells.contains { $0.data == p.0 && $0.transform == p.1 } }
        let names = series.map { data.count > 1 ? "\($0.0) · \($0.1)" : $0.1 }
        let fidelity = BarChart(title: "Mean cosine of sentence embeddings with FP32", yLabel: "mean cosine", xLabel: "format pair",
                                categories: formats, series: names,
                                values: formats.map { f in series.map { cell($0.0, $0.1, f)?.model?.meanCosine } })
        out.append(("model-fidelity", fidelity.title, fidelity.svg))
        let layers = LineChart(title: "Output QSNR per layer", yLabel: "QSNR (dB)", xLabel: "layer",
                               series: cells.compactMap { c in
                                   c.model.map { m in ("\(c.format)" + (series.count > 1 ? " · \(c.transform)" : ""),
                                                       m.layerQSNR.enumerated().map { LineChart.Point(x: Double($0.offset), y: $0.element) }) }
                               })
        out.append(("model-layers", layers.title, layers.svg))
        let means = Self.operands.map { Dictionary(uniqueKeysWithValues: siteMeans($0)) }
        let sitesChart = BarChart(title: "Mean QSNR per site over the cells that quantize it", yLabel: "QSNR (dB)", xLabel: "site",
                                  categories: sites, series: Self.operands, values: sites.map { s in means.map { $0[s] } })
        out.append(("model-sites", sitesChart.title, sitesChart.svg))
        let firsts = firstCells
        let crestSeries = firsts.flatMap { c in Self.operands.map { "\($0) · \(c.transform)" } }
        let crest = BarChart(title: "Crest factor per site (after the transform)", yLabel: "max|x| / RMS", xLabel: "site",
                             categories: sites, series: crestSeries,
                             values: sites.map { s in firsts.flatMap { c in Self.operands.map { o in
                                 c.tensors.first { $0.name == "\(s).\(o)" }?.formatInput.original.crestFactor } } })
        out.append(("model-crest", crest.title, crest.svg))
        let first = series.first
        let kernel = BarChart(title: "Kernel share pooled over all sites" + (first.map { " (\($0.1))" } ?? ""), yLabel: "kernel share (%)",
                              xLabel: "format pair", categories: formats, series: Self.operands,
                              values: formats.map { f in Self.operands.map { o in
                                  first.flatMap { cell($0.0, $0.1, f) }.flatMap { c -> Double? in
                                      let t = c.tensors.filter { $0.name.hasSuffix(".\(o)") }.map(\.formatInput)
                                      let nonzero = t.map(\.nonzeroCount).reduce(0, +)
                                      return nonzero == 0 ? nil : 100 * Double(t.map(\.kernelCount).reduce(0, +)) / Double(nonzero)
                                  } } })
        out.append(("model-kernel-share", kernel.title, kernel.svg))
        return out
    }
}
