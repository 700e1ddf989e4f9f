import Experiments
import Formats
import Metrics

/// A sweep spec and hand-made results with chosen QSNRs and crest factors, so findings, charts and
/// exports can be checked line by line without running anything.
enum ReportFixture {
    /// Two data sources, a baseline and a rotation, and three 4-bit formats: MX INT4 under its general
    /// spelling, MXFP4 by name, and MXFP4 with blocks of 16 (not an OCP format).
    static let yaml = """
    title: Fixture
    data:
      - {name: a, source: "normal(shape=4x32)"}
      - {name: b, source: "laplace(shape=4x32)"}
    transforms: [none, "hadamard:32"]
    formats: ["scaled(int:4:sym, block=32, scale=e8m0)", mxfp4, mxfp4(block=16)]
    metrics: [qsnr_db, bits, block_crest]

    """

    static func spec(_ text: String = yaml) throws -> SweepSpec { try SweepSpec(yaml: text, file: "fixture.yaml") }

    /// A report with the given QSNR and median block crest factor (the other fields from a small
    /// real measurement).
    static func report(qsnr: Double, crest: Double) throws -> QuantizationErrorReport {
        var r = try QuantizationErrorReport(original: [1, 2, 3, 4], quantized: [1, 2, 3, 4.5], rowLength: 4, blockSize: 4)
        r.qsnrDB = qsnr
        r.blockCrestFactor = SummaryStatistics([crest])
        return r
    }

    /// One cell per choice of `spec`, with QSNR `qsnr(data, transform, format)` and crest
    /// `crest(data, transform)`.
    static func results(_ spec: SweepSpec, qsnr: (String, String, String) -> Double,
                        crest: (String, String) -> Double) throws -> SweepResults {
        let cells = try spec.cells().map { cell -> CellResult in
            let d = cell.data.name, t = cell.transform.description, f = cell.format.spec
            let r = try report(qsnr: qsnr(d, t, f), crest: crest(d, t))
            let measurement = TensorMeasurement(name: cell.data.source.description, shape: [4, 32], original: r,
                                                rotated: cell.transform == .none ? nil : r)
            return CellResult(index: cell.index, hash: cell.hash, data: d, source: cell.data.source.description, transform: t,
                              format: f, family: cell.format.descriptor.family.rawValue, group: cell.format.descriptor.group,
                              rounding: cell.rounding.rawValue, bitsPerElement: cell.format.format.bitsPerElement, tensors: [measurement])
        }
        return SweepResults(spec: spec, shard: nil, cells: cells, mpfrVersion: "test")
    }

    static let int4 = "scaled(int:4:sym, block=32, scale=e8m0)"

    /// INT4 leads on `a` and trails on `b`; the rotation adds 3 dB to INT4 and 1 dB to the others;
    /// crest factors: a 2, b 4 without rotation, a 1.5, b 2.5 with it.
    static func standard() throws -> (SweepSpec, SweepResults) {
        let spec = try spec()
        let results = try results(spec, qsnr: { d, t, f in
            let base: Double = f == int4 ? (d == "a" ? 20 : 14) : f == "mxfp4" ? (d == "a" ? 19 : 16) : (d == "a" ? 18.5 : 15.5)
            return base + (t == "none" ? 0 : f == int4 ? 3 : 1)
        }, crest: { d, t in d == "a" ? (t == "none" ? 2 : 1.5) : (t == "none" ? 4 : 2.5) })
        return (spec, results)
    }
}
