import Formats

extension QuantizationScheme {
    /// Why `format` cannot quantize the `operand` ("weights" or "activations") of every linear site of
    /// a model with `config` (`LinearLayer.check`: a block longer than the site's reduction axis,
    /// per-channel scales across it), naming the first such site; nil when it applies everywhere.
    public static func problem(format: any TensorFormat, operand: String, config: BertConfig) -> String? {
        for site in LinearSite.allCases {
            let k = site == .ffnOut ? config.intermediate : config.hidden
            do { try LinearLayer.check(format, site: site.name(layer: 0), operand: operand, k: k) } catch { return "\(error)" }
        }
        return nil
    }

    /// Why the exception text (`GLOB:w=SPEC,a=SPEC`) does not parse or matches no site, or nil.
    public static func problem(exception text: String) -> String? {
        do { _ = try exception(text) } catch { return "\(error)" }
        return nil
    }
}
