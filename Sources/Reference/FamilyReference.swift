import Formats

/// One format family's reference: its exact model, the value of every code, and the rounding of an
/// exact real (with the family's rules for NaN, infinities, overflow, clamping and signed zero).
protocol FamilyReference {
    var model: ReferenceModel { get }
    /// Reference decode: the exact value of every code `0 ..< 2^bits` (NaN for NaN or unused codes).
    var codeValues: [Float] { get }
    /// The finite values a result can take, ascending (the model's values without virtual ones).
    var finiteValues: [Float] { get }
    func round(_ x: MPFRValue, mode: RoundingMode, random: UInt32) -> Float
}

extension FamilyReference {
    /// The Float of `model.values[i]`, with the sign of zero chosen by the caller.
    func float(at i: Int, negativeZero: Bool = false) -> Float {
        let v = model.values[i].float
        return v == 0 ? (negativeZero ? -0.0 : 0.0) : v
    }
}
