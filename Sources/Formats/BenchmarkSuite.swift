/// The formats `quantlab bench` times, in table order.
public enum BenchmarkSuite {
    public static var formatSpecs: [String] {
        FormatRegistry.named.map(\.name) + ["bipolar:4", "power:4:0.5"] + ScaledFormatSpec.named.map(\.name)
            + ["int8/ch0", "int4/g128", "bipolar:4/g32", "power:4:0.5/g32"]
    }
}
