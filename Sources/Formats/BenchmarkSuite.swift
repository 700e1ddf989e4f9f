/// What `quantlab bench` times, in table order, and the timing of one format spec.
public enum BenchmarkSuite {
    /// Every named element format, then the formats registered at run time, a bipolar and a power
    /// format, the named scaled formats and five scalings (per-channel scales on both axes).
    public static var formatSpecs: [String] {
        FormatRegistry.named.map(\.name) + FormatRegistry.registeredNames + ["bipolar:4", "power:4:0.5"]
            + ScaledFormatSpec.named.map(\.name) + ["int8/ch0", "int8/ch1", "int4/g128", "bipolar:4/g32", "power:4:0.5/g32"]
    }

    /// One concrete spec of every form `quantlab formats` lists under "Parametric specs"
    /// (`FormatRegistry.parametricForms`), each of its named-format options, and the scalings of
    /// each kind (blocks, channels on both axes, the tensor, asymmetric, MSE clipping, E8M0 scales,
    /// cross): what `quantlab bench --examples` times. `search(...)` is left out: it is a search
    /// over whole formats (many quantizations per tensor), timed by its notebooks.
    public static let exampleSpecs: [String] = [
        "fp:e4m3", "fp:e3m2:b3:fn:sat", "fp:e5m2:ieee", "int:4:sym", "uint:4", "int:12", "bipolar:4", "power:4:0.5", "power:3:0.25",
        "codebook:-1,-0.5,0,0.5,1", "float4_e2m1fn:sat",
        "int4/g32", "int8/ch0", "int8/ch1", "int8/tensor", "uint4/g32/asym", "uint4/g128/asym", "uint8/ch0/asym", "int4/g32/e8m0",
        "int4/g32/mse", "nf4/g64",
        "scaled(int:4, block=16, scale=float8_e4m3fn, tensor_scale)", "scaled(fp:e2m1:fn, block=32, scale=e8m0-rceil)",
        "scaled(int:8, channel=0, scale=fp32, clip=0.9)",
        "mxfp4(rule=ceil)", "mxint8(sym)", "nvfp4(levels=1)", "mxfp4(clip=mse)", "mxfp4(block=16)",
        "dfp:8", "dfp:8/g32", "dfp:8/ch0",
        "fpq(e2m1)", "fpq(e2m1, block=32)", "fpq(e4m3, channel=0)",
        "int8/cross(alpha=0.5)",
    ]

    /// The throughput of fake-quantizing `input`, read as rows of 4096 (its count must be a
    /// multiple of 4096), to the format `spec` names, rounding to nearest even.
    public static func measure(_ spec: String, input: [Float], repeats: Int) throws -> Throughput.Measurement {
        let format = try FormatRegistry.tensorFormat(spec)
        return try Throughput.measure(spec, input: input, repeats: repeats) { src, dst in
            try format.fakeQuantize(src, shape: [src.count / 4096, 4096], into: dst, mode: .nearestEven, seed: 0)
        }
    }
}
