import Foundation

extension QSNRModel {
    /// An INT format and the FP format of the same width and scaling, compared by their models.
    public struct Pair: Sendable, Equatable {
        /// Short name (MX8, MX6, MX4, NV4).
        public var name: String
        public var integer: QSNRModel
        public var float: QSNRModel
        /// The elements of a block (32 for MX, 16 for NV): the model's kappa is at most sqrt(g).
        public var blockSize: Int

        public init(name: String, integer: QSNRModel, float: QSNRModel, blockSize: Int) {
            self.name = name
            self.integer = integer
            self.float = float
            self.blockSize = blockSize
        }

        /// QSNR_INT - QSNR_FP at `kappa` (dB): positive where INT wins.
        public func advantageDB(crest kappa: Double) -> Double {
            integer.qsnrDB(crest: kappa) - float.qsnrDB(crest: kappa)
        }

        /// The crest factors in [`lower`, `upper`] where the INT advantage changes sign, in increasing
        /// order: the grid lower + i h (h = `step`) is scanned for a sign change (or an exact zero), and
        /// each bracket is bisected until it is at most 1e-12 wide; the midpoint is returned.
        public func crossovers(from lower: Double = 1, to upper: Double = 16, step: Double = 1.0 / 64) -> [Double] {
            var found: [Double] = []
            var a = lower, da = advantageDB(crest: a)
            while a < upper {
                let b = Swift.min(a + step, upper), db = advantageDB(crest: b)
                if da == 0 { found.append(a) } else if da * db < 0 { found.append(Self.bisect(advantageDB, a, b, da)) }
                (a, da) = (b, db)
            }
            if da == 0 { found.append(a) }
            return found
        }

        /// The QSNR both models give at `kappa` (their mean: equal at a crossover).
        public func qsnrDB(at kappa: Double) -> Double {
            (integer.qsnrDB(crest: kappa) + float.qsnrDB(crest: kappa)) / 2
        }

        static func bisect(_ f: (Double) -> Double, _ a: Double, _ b: Double, _ fa: Double) -> Double {
            var (a, b, fa) = (a, b, fa)
            while b - a > 1e-12 {
                let m = (a + b) / 2, fm = f(m)
                if fm == 0 { return m }
                if (fm < 0) == (fa < 0) { (a, fa) = (m, fm) } else { b = m }
            }
            return (a + b) / 2
        }

        /// The same pair with the INT model's `IntegerNoise` replaced.
        public func withIntegerNoise(_ noise: IntegerNoise) -> Pair {
            var copy = self
            if case let .integer(bits, _) = integer.element { copy.integer.element = .integer(bits: bits, noise: noise) }
            return copy
        }
    }

    /// The four pairs of the paper's Fig. 3 with the parameters of the authors' code: MX pairs with a
    /// UE8M0 scale (rho = 1.5, INT as printed), NV4 with an E4M3 scale (rho = 1.05, g = 16 block-max
    /// correction, INT with Qmax = 2^(b-1)). FP parameters: E4M3 (M 3, B 7, Qmax 448), E2M3 (3, 1, 7.5),
    /// E2M1 (1, 1, 6).
    public static let paperPairs: [Pair] = [
        Pair(name: "MX8", integer: mx(.integer(bits: 8, noise: .printed)), float: mx(.float(mantissaBits: 3, bias: 7, maxValue: 448)), blockSize: 32),
        Pair(name: "MX6", integer: mx(.integer(bits: 6, noise: .printed)), float: mx(.float(mantissaBits: 3, bias: 1, maxValue: 7.5)), blockSize: 32),
        Pair(name: "MX4", integer: mx(.integer(bits: 4, noise: .printed)), float: mx(.float(mantissaBits: 1, bias: 1, maxValue: 6)), blockSize: 32),
        Pair(name: "NV4", integer: nv(.integer(bits: 4, noise: .halfRange)), float: nv(.float(mantissaBits: 1, bias: 1, maxValue: 6)), blockSize: 16),
    ]

    static func mx(_ element: Element) -> QSNRModel { QSNRModel(element: element, rho: 1.5) }
    static func nv(_ element: Element) -> QSNRModel { QSNRModel(element: element, rho: 1.05, blockMaxGroup: 16) }
}
