import Formats
import Metrics
import Reports

/// The INT/FP pairs of "INT v.s. FP" (arXiv 2510.25602, Table 1) as QuantLab formats beside their
/// `QSNRModel.Pair`, under a UE8M0 scale rule for the MX pairs (the NV pairs' E4M3 scale is the same
/// under both):
/// - `rceil`, the paper's rule (its Eq. 9, the authors' code: `2^ceil(log2(amax / Qmax))`, never clips);
/// - `floor`, the OCP MX rule (`2^(floor(log2 amax) - emax)`, QuantLab's default for MX names; can clip).
/// Every INT is symmetric (Qmax = 2^(b-1) - 1), as in the paper.
struct IntVsFPPairs {
    struct Entry {
        var model: QSNRModel.Pair
        var int: any TensorFormat
        var fp: any TensorFormat
        /// Elements per block of both formats.
        var blockSize: Int
        var label: String { model.name + (blockSize == model.blockSize ? "" : " (block \(blockSize))") }
    }

    static let rules = ["rceil": "the paper's rule (rceil)", "floor": "the OCP floor rule"]

    let rule: String
    let entries: [Entry]

    /// The four pairs; `wide` adds MX8 in blocks of 256 (kappa up to 16, past the 7.55 crossover that a
    /// block of 32, kappa <= 5.66, cannot reach).
    init(rule: String, wide: Bool = false) throws {
        guard Self.rules[rule] != nil else { throw StudyError("rule '\(rule)' is not one of: \(Self.rules.keys.sorted().joined(separator: ", "))") }
        self.rule = rule
        let option = rule == "floor" ? "" : "rule=\(rule)"
        func mx(_ name: String, _ extra: [String] = []) -> String {
            let options = extra + (option.isEmpty ? [] : [option])
            return options.isEmpty ? name : name + "(" + options.joined(separator: ",") + ")"
        }
        let models = Dictionary(uniqueKeysWithValues: QSNRModel.paperPairs.map { ($0.name, $0) })
        var list: [(String, String, String, Int)] = [
            ("MX8", mx("mxint8", ["sym"]), mx("mxfp8_e4m3"), 32), ("MX6", mx("mxint6"), mx("mxfp6_e2m3"), 32),
            ("MX4", mx("mxint4"), mx("mxfp4"), 32), ("NV4", "nvint4", "nvfp4", 16),
        ]
        if wide { list.append(("MX8", mx("mxint8", ["sym", "block=256"]), mx("mxfp8_e4m3", ["block=256"]), 256)) }
        entries = try list.map { name, int, fp, g in
            Entry(model: models[name]!, int: try FormatRegistry.tensorFormat(int), fp: try FormatRegistry.tensorFormat(fp), blockSize: g)
        }
    }

    var ruleText: String { Self.rules[rule]! }
}
