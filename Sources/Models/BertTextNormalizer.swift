import Foundation

/// BERT's text normalization and pre-tokenization, as the HuggingFace `tokenizers` library runs them
/// for this model (tokenizer.json: `BertNormalizer` with clean_text, handle_chinese_chars,
/// strip_accents unset (so it follows lowercase) and lowercase; then `BertPreTokenizer`). All steps
/// work on Unicode scalars (Rust `char`s), never on Swift `Character`s:
/// 1. clean: drop U+0000, U+FFFD and "control" scalars (general category Cc, Cf, Cs, Co or Cn, except
///    tab, LF and CR); every remaining whitespace scalar (tab, LF, CR or White_Space) becomes a space;
/// 2. CJK: put a space before and after every scalar in the CJK ideograph blocks `cjkRanges`;
/// 3. strip accents: canonical decomposition (NFD), then drop nonspacing marks (Mn);
/// 4. lowercase: each scalar's full lowercase mapping (İ has already lost its dot in step 3);
/// 5. split on whitespace, and make every punctuation scalar (ASCII punctuation, or category Pc, Pd,
///    Ps, Pe, Pi, Pf, Po) a word of its own.
public enum BertTextNormalizer {
    /// The ideograph blocks `tokenizers` treats as Chinese characters (its `is_chinese_char`; note
    /// that 0x2B820-0x2B91F is not among them, unlike the original BERT code).
    static let cjkRanges: [ClosedRange<UInt32>] = [
        0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
        0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F,
    ]

    /// The words of `text` after steps 1-5, each as its scalars.
    public static func words(_ text: String) -> [[Unicode.Scalar]] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isCJK(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        func flush() {
            if !word.isEmpty { words.append(word); word.removeAll() }
        }
        for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                if isWhitespace(lower) {
                    flush()
                } else if isPunctuation(lower) {
                    flush()
                    words.append([lower])
                } else {
                    word.append(lower)
                }
            }
        }
        flush()
        return words
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        cjkRanges.contains { $0.contains(s.value) }
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
