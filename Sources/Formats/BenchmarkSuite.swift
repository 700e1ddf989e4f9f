/// The formats `quantlab bench` times, in table order.
public enum BenchmarkSuite {
    public static var formatSpecs: [String] {
        FormatRegistry.named.map(\.name) + ["bipolar:4", "power:4:0.5"]
    }
}
