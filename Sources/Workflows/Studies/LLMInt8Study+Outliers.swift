import Experiments
import Foundation
import Gemm
import Reports
import Tensors

/// Outlier features by LLM.int8()'s criteria (Sec. 4.1), and the claims table.
extension LLMInt8Study {
    struct Feature { var dim: Int, layers: Int, positions: Int, values: [Float] }
    struct Features { var markdown: String; var found: [Feature]; var layerCount: Int; var tokens: Int; var largeShare: Double }

    func outlierFeatures() throws -> Features {
        let acts = Dictionary(try StudyTensors.read(spec.text("minilm_activations"), "layer.*.input").map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let sites = ["query", "attn_out", "ffn_in"]
        let layers = (0 ..< 64).filter { l in sites.allSatisfy { acts["layer.\(l).\($0).input"] != nil } }
        guard let first = layers.first, let x0 = acts["layer.\(first).query.input"] else { throw StudyError("no layer.{i}.{query,attn_out,ffn_in}.input in \(spec.text("minilm_activations"))") }
        let (tokens, width) = (x0.shape[0], x0.shape[1])
        var layerHits = [Int](repeating: 0, count: width), positions = [Set<Int>](repeating: [], count: width)
        var values = [[Float]](repeating: [], count: width), large = 0, total = 0
        for l in layers {
            var hit = [Bool](repeating: false, count: width)
            for site in sites {
                let x = acts["layer.\(l).\(site).input"]!
                guard x.shape == [tokens, width] else { throw StudyError("layer.\(l).\(site).input is \(x.shape), not \([tokens, width])") }
                for t in 0 ..< tokens {
                    for h in 0 ..< width where abs(x.values[t * width + h]) >= threshold {
                        hit[h] = true; positions[h].insert(t); values[h].append(x.values[t * width + h]); large += 1
                    }
                }
                total += x.count
            }
            for h in 0 ..< width where hit[h] { layerHits[h] += 1 }
        }
        let layerShare = spec.numbers("layer_share").first ?? 0.25, positionShare = spec.numbers("position_share").first ?? 0.06
        let all = (0 ..< width).filter { layerHits[$0] > 0 }.map { Feature(dim: $0, layers: layerHits[$0], positions: positions[$0].count, values: values[$0]) }
        func meets(_ f: Feature) -> Bool { Double(f.layers) >= layerShare * Double(layers.count) && Double(f.positions) >= positionShare * Double(tokens) }
        let found = all.filter(meets)
        let ranked = all.sorted { (meets($0) ? 1 : 0, $0.layers, $0.positions, -$0.dim) > (meets($1) ? 1 : 0, $1.layers, $1.positions, -$1.dim) }
        func pct(_ a: Int, _ b: Int) -> String { NumberText.fixed(100 * Double(a) / Double(b), 1) + "%" }
        let rows = ranked.prefix(spec.count("listed")).map { f -> [String] in
            let v = f.values.sorted()
            let q = [0.25, 0.5, 0.75].map { NumberText.fixed(Double(v[Int($0 * Double(v.count - 1))]), 1) }.joined(separator: ", ")
            let oneSided = v.first! > 0 || v.last! < 0
            return ["\(f.dim)", meets(f) ? "yes" : "no", pct(f.layers, layers.count), pct(f.positions, tokens), "\(v.count)", oneSided ? "yes" : "no",
                    "(\(q))", NumberText.fixed(Double(v.map(abs).max()!), 1)]
        }
        var md = "Outlier features (criteria: |x| >= \(NumberText.general(Double(threshold), 3)), in >= \(NumberText.fixed(100 * layerShare, 0))% of the \(layers.count) layers, "
            + "at >= \(NumberText.fixed(100 * positionShare, 0))% of the \(tokens) token rows; inputs of query/key/value, attention output and FFN-in): "
            + "\(found.count) dimension\(found.count == 1 ? "" : "s") meet\(found.count == 1 ? "s" : "") them; \(all.count) dimensions reach the magnitude somewhere; "
            + "values with |x| >= \(NumberText.general(Double(threshold), 3)): \(large) of \(total) (\(NumberText.general(100 * Double(large) / Double(max(total, 1)), 3))%). "
            + "The dimensions that reach it most often:\n\n"
        md += MarkdownTable(header: ["dim", "meets the criteria", "layers", "token rows", "values >= threshold", "one-sided", "quartiles of those values", "largest |x|"], rows: rows).text + "\n"
        md += "The paper's Table 4 beside it (read in the paper): GPT-2 117M: 1 outlier feature, 1 one-sided, 25% of layers, 6% of sequence dimensions, "
            + "quartiles (-8, -7, -6); FSEQ 125M: 2, 2, 25%, 22%, (-40, -23, -11); the models below were not tabulated.\n\n"
        return Features(markdown: md, found: found, layerCount: layers.count, tokens: tokens, largeShare: Double(large) / Double(max(total, 1)))
    }

    func claims(_ synthetic: Row, _ pooled: Row, _ rows: [Row], _ features: Features) -> String {
        let names = Int8Decomposition.Scheme.allCases.map(\.rawValue)
        func order(_ r: Row) -> String {
            let q = r.plain.map(\.qsnr)
            let holds = q[2] > q[1] && q[1] > q[0]
            return "\(r.name): " + zip(names, q).map { "\($0) \(NumberText.fixed($1, 2))" }.joined(separator: ", ") + " dB (" + (holds ? "the order holds" : "the order does not hold") + ")"
        }
        let widest = rows.max { ($0.dims, $1.name) < ($1.dims, $0.name) }!
        let v = 2
        let decomposition = "MiniLM: |O| up to \(widest.dims) (\(widest.name), K = \(widest.k)), at least "
            + NumberText.fixed(100 * (1 - (rows.map(\.share).max() ?? 0)), 2) + "% of each layer's values in 8 bits; pooled vector-wise "
            + NumberText.fixed(pooled.plain[v].qsnr, 2) + " dB without, " + NumberText.fixed(pooled.mixed[v].qsnr, 2) + " dB with. Synthetic: |O| = \(synthetic.dims), "
            + NumberText.fixed(synthetic.plain[v].qsnr, 2) + " -> " + NumberText.fixed(synthetic.mixed[v].qsnr, 2) + " dB"
        let found = features.found.isEmpty ? "none" : features.found.map { "dim \($0.dim) (\(NumberText.fixed(100 * Double($0.layers) / Double(features.layerCount), 0))% of layers, "
            + "\(NumberText.fixed(100 * Double($0.positions) / Double(features.tokens), 1))% of token rows)" }.joined(separator: "; ")
        let table = [
            ["vector-wise beats row-wise beats tensor-wise", "Sec. 3, Table 1 [paper]", "C4 perplexity 125M / 13B (FP32 25.65 / 12.45): absmax 87.76 / 19.08, row-wise 30.93 / 16.49, vector-wise 35.84 / 16.48", order(synthetic) + "; " + order(pooled)],
            ["the decomposition keeps few dimensions in 16 bits", "Sec. 3.2 [paper]", "|O| <= 7 up to 13B; > 99.9% of values in 8 bits", decomposition],
            ["small models have at most one or two outlier features", "Table 4 [paper]", "GPT-2 117M: 1 (25% of layers, 6% of positions); FSEQ 125M: 2",
             "MiniLM (22M, \(features.layerCount) layers): \(features.found.count) (\(found))"],
        ]
        return "What the paper says, and what this run measures:\n\n"
            + MarkdownTable(header: ["claim", "where", "the paper says", "we measure"], rows: table).text + "\n"
    }
}
