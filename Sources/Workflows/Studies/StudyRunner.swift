import Experiments

/// Runs a notebook's `study:` block (`StudySpec`) by its kind.
public enum StudyRunner {
    /// Kinds that write files other blocks read; a notebook runs them before it reads any sweep block.
    public static let providers: Set<String> = ["minilm-files"]

    public static func run(_ spec: StudySpec) throws -> StudyOutput {
        switch spec.kind {
        case "minilm-files": return try MiniLMFilesStudy(spec: spec).run()
        case "int-vs-fp-model": return try IntVsFPModelStudy(spec: spec).run()
        case "int-vs-fp-blocks": return try IntVsFPBlockStudy(spec: spec).run()
        case "int-vs-fp-tensors": return try IntVsFPTensorStudy(spec: spec).run()
        case "dyadic-scales": return DyadicScaleStudy(spec: spec).run()
        case "requantization": return try RequantizationStudy(spec: spec).run()
        case "integer-operators": return try IntegerOperatorStudy(spec: spec).run()
        case "dfp-accumulation": return try DFPAccumulationStudy(spec: spec).run()
        case "bipolar-int": return try BipolarStudy(spec: spec).run()
        case "llm-int8": return try LLMInt8Study(spec: spec).run()
        case "cross-kernel": return try CrossKernelStudy(spec: spec).run()
        default: throw StudyError("study '\(spec.kind)' has no runner")
        }
    }
}
