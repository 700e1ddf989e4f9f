import Foundation

/// Deterministic number formatting for tables, findings and charts: fixed decimals in the POSIX
/// locale, `∞`/`−∞` for infinities and `–` for undefined values, so the same numbers always give
/// the same bytes.
public enum NumberText {
    /// `x` with `digits` decimals (no exponent); `-0.00` prints as `0.00`.
    public static func fixed(_ x: Double?, _ digits: Int) -> String {
        guard let x else { return "–" }
        if x.isNaN { return "–" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        let text = String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), x)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// A signed difference, e.g. `+3.20`.
    public static func signed(_ x: Double, _ digits: Int) -> String {
        let text = fixed(x, digits)
        return x > 0 && Double(text) != 0 && !text.hasPrefix("∞") ? "+" + text : text
    }

    /// A compact axis tick label: as few decimals as the tick step needs.
    public static func tick(_ x: Double, step: Double) -> String {
        let digits = step >= 1 || !(step > 0) ? 0 : min(6, Int((-log10(step)).rounded(.up)))
        return fixed(x, digits)
    }
}
