import Foundation
import Tensors

/// The tensors a cell quantizes, shared across cells: each data source is loaded (or generated)
/// once, and each (data, transform) pair is rotated once, however many formats and rounding modes
/// use it. Thread-safe; a value is computed by the first cell that asks while others wait for it.
final class InputCache: @unchecked Sendable {
    /// One tensor ready to quantize: the original and, for Hadamard cells, its rotation.
    struct Prepared {
        var name: String
        var original: Tensor
        var rotated: Tensor?
        /// Non-finite values replaced by 0 (`NonFinitePolicy`).
        var nonFiniteReplaced = 0
        /// The tensor the format quantizes.
        var formatInput: Tensor { rotated ?? original }
    }

    private final class Slot {
        let lock = NSLock()
        var value: Result<[Prepared], Error>?
    }

    private let lock = NSLock()
    private var slots: [String: Slot] = [:]

    /// The tensors of `cell`'s data under `cell`'s transform.
    func tensors(for cell: SweepCell) throws -> [Prepared] {
        try prepared("data", cell.data.source, digest: cell.data.content.digest, for: cell) { "tensor '\($0)'" }
    }

    /// The tensors of `source` (content checked against `digest`), non-finite values handled by
    /// `cell`'s rule, and rotated by `cell`'s transform: each step computed once per `kind` and
    /// source, whatever the number of cells that share it. `label` names a tensor in errors.
    func prepared(_ kind: String, _ source: TensorSource, digest: String?, for cell: SweepCell,
                  label: (String) -> String) throws -> [Prepared] {
        let key = "\(kind):\(source);nonfinite:\(cell.allowNonFinite)"
        let loaded = try self.loaded(kind, source, digest: digest, for: cell)
        guard let rotation = try cell.transform.rotation(seed: cell.seed) else { return loaded }
        return try cached(key + ";transform:\(cell.transform)") {
            try loaded.map { p in
                if let problem = cell.transform.problem(rowLength: p.original.rowLength) {
                    throw SpecValueError(message: "\(label(p.name)): \(problem)")
                }
                var rotated = p
                rotated.rotated = try rotation.apply(p.original)
                return rotated
            }
        }
    }

    /// The tensors of `cell`'s data, not rotated even in a Hadamard cell (whose caller rotates them
    /// slab by slab), with the transform checked against each tensor as `tensors(for:)` checks it.
    func unrotated(for cell: SweepCell) throws -> [Prepared] {
        let loaded = try self.loaded("data", cell.data.source, digest: cell.data.content.digest, for: cell)
        for p in loaded {
            if let problem = cell.transform.problem(rowLength: p.original.rowLength) {
                throw SpecValueError(message: "tensor '\(p.name)': \(problem)")
            }
        }
        return loaded
    }

    /// The tensors of `source` (content checked against `digest`), non-finite values handled by
    /// `cell`'s rule, not rotated; computed once per `kind` and source.
    func loaded(_ kind: String, _ source: TensorSource, digest: String?, for cell: SweepCell) throws -> [Prepared] {
        try cached("\(kind):\(source);nonfinite:\(cell.allowNonFinite)") {
            try Self.load(source, digest: digest).map { item in
                let clean = try NonFinitePolicy.apply(item.tensor, name: item.name, source: source.description, allow: cell.allowNonFinite)
                return Prepared(name: item.name, original: clean.tensor, rotated: nil, nonFiniteReplaced: clean.replaced)
            }
        }
    }

    /// Loads `data`'s tensors, hashing the bytes read: content other than the digest the cell
    /// keys were made from (the file was rewritten since the spec was read) is an error, so a
    /// result is never stored under another content's key.
    static func load(_ data: DataInput) throws -> [(name: String, tensor: Tensor)] {
        try load(data.source, digest: data.content.digest)
    }

    /// Loads `source`, checking its content against `digest` (nil: synthetic, nothing to check).
    static func load(_ source: TensorSource, digest expected: String?) throws -> [(name: String, tensor: Tensor)] {
        var stream = SHA256.Stream()
        let items = try source.load { stream.update($0) }
        if let expected {
            let now = stream.finalize()
            guard now == expected else {
                throw SweepError.io(path: source.description, reason: "changed after the sweep read it (content SHA-256 "
                    + "\(expected.prefix(12))… then, \(now.prefix(12))… now); run the sweep again")
            }
        }
        return items
    }

    func cached(_ key: String, _ make: () throws -> [Prepared]) throws -> [Prepared] {
        lock.lock()
        let slot = slots[key] ?? Slot()
        slots[key] = slot
        lock.unlock()
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let value = slot.value { return try value.get() }
        let value = Result { try make() }
        slot.value = value
        return try value.get()
    }
}
