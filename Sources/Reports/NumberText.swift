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

    /// `digits` significant digits in C's `%g` style (`0.001234`, `1.234e+06`), POSIX locale;
    /// non-finite as `fixed`.
    public static func general(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return fixed(x, 0) }
        return String(format: "%.\(digits)g", locale: Locale(identifier: "en_US_POSIX"), x).lowercased()
    }

    /// `x` with `digits` significant digits in exponent form (`6.214e-05`), POSIX locale; the
    /// special values as in `fixed`.
    public static func significant(_ x: Double?, _ digits: Int) -> String {
        guard let x, x.isFinite else { return fixed(x, 0) }
        // Lowercased: Foundation on Linux writes the exponent marker as "E".
        return String(format: "%.\(Swift.max(digits - 1, 0))e", locale: Locale(identifier: "en_US_POSIX"), x).lowercased()
    }

    /// `fixed(x, digits)`, unless that shows fewer than `minimumSignificant` significant digits of a
    /// nonzero x (an 8-bit format's MSE of 6e-07 is not `0.000001`): then `significant(x, 4)`.
    public static func readable(_ x: Double?, _ digits: Int, minimumSignificant: Int = 3) -> String {
        guard let x, x.isFinite, x != 0 else { return fixed(x, digits) }
        let shown = digits + Int((Foundation.log10(Swift.abs(x))).rounded(.down)) + 1
        return shown >= minimumSignificant ? fixed(x, digits) : significant(x, 4)
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
