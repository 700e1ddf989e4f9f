extension String {
    /// This text as one POSIX shell word: single-quoted, with each `'` written as `'\''`, so the
    /// shell passes it through unchanged whatever it holds (spaces, `$`, backquotes, newlines).
    var shellQuoted: String {
        "'" + replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
