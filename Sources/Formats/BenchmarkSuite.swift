/// What `quantlab bench` times, in table order, and the timing of one format spec.
public enum BenchmarkSuite {
    /// Every named element format, then the formats registered at run time, a bipolar and a power
    /// format, the named scaled formats and five scalings (per-channel scales on both axes).
    public static var formatSpecs: [String] {
        FormatRegistry.named.map(\.name) + FormatRegistry.registeredNames + ["bipolar:4", "power:4:0.5"]
            + ScaledFormatSpec.named.map(\.name) + ["int8/ch0", "int8/ch1", "int4/g128", "bipolar:4/g32", "power:4:0.5/g32"]
    }

    /// The throughput of fake-quantizing `input`, read as rows of 4096 (its count must be a
    /// multiple of 4096), to the format `spec` names, rounding to nearest even.
    public static func measure(_ spec: String, input: [Float], repeats: Int) throws -> Throughput.Measurement {
        let format = try FormatRegistry.tensorFormat(spec)
        return try Throughput.measure(spec, input: input, repeats: repeats) { src, dst in
            try format.fakeQuantize(src, shape: [src.count / 4096, 4096], into: dst, mode: .nearestEven, seed: 0)
        }
    }
}
