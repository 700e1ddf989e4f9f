import Foundation
import Formats

/// One disagreement between the fast path and the reference.
public struct ReferenceMismatch: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// `format.decode(code) != reference value of code` (`input` is the code).
        case decode
        /// `format.encode(rounded: value)` of a code's reference value is not that code.
        case encode
        /// Per-element `format.quantize(x, mode:, random:)`.
        case quantize
        /// The buffer path `format.quantize(_:into:mode:seed:indexOffset:)` on the same inputs.
        case buffer
        /// `decode(encode(rounded: reference))` is not the reference value.
        case roundTrip
    }

    public let kind: Kind
    /// The float32 bit pattern of the input (the code for `decode` and `encode`).
    public let input: UInt32
    public let mode: RoundingMode?
    /// The stochastic draw used (0 for other modes).
    public let random: UInt32
    public let fast: Float
    public let reference: Float

    public init(kind: Kind, input: UInt32, mode: RoundingMode?, random: UInt32, fast: Float, reference: Float) {
        self.kind = kind; self.input = input; self.mode = mode; self.random = random
        self.fast = fast; self.reference = reference
    }

    public var description: String {
        func show(_ v: Float) -> String { "\(v) (0x\(String(v.bitPattern, radix: 16)))" }
        let what = kind == .decode || kind == .encode
            ? "code 0x\(String(input, radix: 16))"
            : "x = \(Float(bitPattern: input)) (0x\(String(input, radix: 16)))"
        let how = mode.map { " mode \($0.rawValue)" + ($0 == .stochastic ? " random 0x\(String(random, radix: 16))" : "") } ?? ""
        return "\(kind.rawValue): \(what)\(how): fast \(show(fast)), reference \(show(reference))"
    }
}

/// The outcome of a cross-check of one format.
public struct ReferenceCheckResult: Sendable, CustomStringConvertible {
    public let format: String
    public let modes: [RoundingMode]
    /// Comparisons made (inputs × modes × paths, or codes for the decode check).
    public internal(set) var inputsChecked: Int = 0
    public internal(set) var mismatches: Int = 0
    /// The first `ReferenceCheck.reportLimit` mismatches.
    public internal(set) var firstMismatches: [ReferenceMismatch] = []
    public internal(set) var seconds: Double = 0
    /// Modes or paths that were not checked, with why (e.g. stochastic in the exhaustive check).
    public internal(set) var notes: [String] = []

    public var passed: Bool { mismatches == 0 }

    init(format: String, modes: [RoundingMode]) { self.format = format; self.modes = modes }

    mutating func record(_ m: ReferenceMismatch) {
        mismatches += 1
        if firstMismatches.count < ReferenceCheck.reportLimit { firstMismatches.append(m) }
    }

    mutating func merge(_ other: ReferenceCheckResult) {
        inputsChecked += other.inputsChecked
        mismatches += other.mismatches
        firstMismatches += other.firstMismatches.prefix(ReferenceCheck.reportLimit - firstMismatches.count)
        seconds += other.seconds
        notes += other.notes
    }

    public var description: String {
        let head = "\(format) [\(modes.map(\.rawValue).joined(separator: ", "))]: \(inputsChecked) checked, "
            + "\(mismatches) mismatches, \(String(format: "%.2f", seconds)) s"
        return ([head] + firstMismatches.map { "  " + $0.description } + notes.map { "  note: " + $0 })
            .joined(separator: "\n")
    }
}

/// Bitwise equality of results: any NaN equals any NaN; -0 and +0 differ.
@inline(__always)
func sameResult(_ a: Float, _ b: Float) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}
