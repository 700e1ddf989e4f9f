extension TransformSpec {
    /// The transform of the command-line options `--hadamard K|full` and `--random-signs SEED`
    /// (`analyze`, `gemm`): `hadamard:K[:random:SEED]`, or none without `--hadamard`. Signs without
    /// a rotation throw `SpecValueError`; a bad block size throws the parser's error.
    public init(hadamard: String?, randomSigns: UInt64?) throws {
        guard let hadamard else {
            if let s = randomSigns { throw SpecValueError(message: "--random-signs \(s) needs --hadamard K|full") }
            self = .none
            return
        }
        try self.init(parsing: "hadamard:\(hadamard)" + (randomSigns.map { ":random:\($0)" } ?? ""))
    }
}
