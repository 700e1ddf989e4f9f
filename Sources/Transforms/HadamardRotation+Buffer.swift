import Dispatch

extension HadamardRotation {
    /// Elements handed to one parallel task (rounded to whole rotated lengths): fixed, so the
    /// split never depends on the machine. Each task works through them one cache-sized tile at
    /// a time, reading the source once and finishing the tile while it is in cache.
    static let taskElements = 1 << 16
    static let tileElements = 1 << 12

    /// In place: every row (or block) x of `buffer`, read as rows of `rowLength`, becomes x D H.
    public func apply(_ buffer: UnsafeMutableBufferPointer<Float>, rowLength: Int) throws {
        try run(UnsafePointer(buffer.baseAddress), into: buffer, rowLength: rowLength, inverse: false)
    }

    /// `source` rotated into `destination` (the same count): every row (or block) x becomes x D H.
    public func apply(_ source: UnsafeBufferPointer<Float>, into destination: UnsafeMutableBufferPointer<Float>, rowLength: Int) throws {
        guard source.count == destination.count else {
            throw HadamardError.countMismatch(source: source.count, destination: destination.count)
        }
        try run(source.baseAddress, into: destination, rowLength: rowLength, inverse: false)
    }

    /// In place: every row (or block) y of `buffer` becomes y H^T D, undoing `apply`.
    public func invert(_ buffer: UnsafeMutableBufferPointer<Float>, rowLength: Int) throws {
        try run(UnsafePointer(buffer.baseAddress), into: buffer, rowLength: rowLength, inverse: true)
    }

    /// Rotates `count` floats from `source` into `destination` (which may be `source`).
    func run(_ source: UnsafePointer<Float>?, into destination: UnsafeMutableBufferPointer<Float>,
             rowLength: Int, inverse: Bool) throws {
        guard rowLength > 0, destination.count % rowLength == 0 else {
            throw HadamardError.countNotMultipleOfRowLength(count: destination.count, rowLength: rowLength)
        }
        let n = try rotatedLength(rowLength: rowLength)
        guard let output = destination.baseAddress, let input = source, destination.count > 0 else { return }
        let norm = 1 / Float(n).squareRoot()
        let signs = signSeed.map { Self.signs(seed: $0, length: n) } ?? [Float](repeating: 1, count: n)
        let weights = signs.map { $0 * norm }
        let total = destination.count
        let perTask = max(Self.taskElements / n, 1) * n
        let perTile = max(Self.tileElements / n, 1) * n
        let tasks = (total + perTask - 1) / perTask
        weights.withUnsafeBufferPointer { w in
            let w = w.baseAddress!
            let work = { (task: Int) in
                var start = task * perTask
                let end = min(start + perTask, total)
                while start < end {
                    let count = min(perTile, end - start)
                    let from = input + start, tile = output + start
                    if inverse {
                        if UnsafePointer(tile) != from { tile.update(from: from, count: count) }
                        WalshHadamardKernel.transform(tile, count: count, length: n)
                        WalshHadamardKernel.scale(tile, into: tile, count: count, by: w, length: n)
                    } else {
                        WalshHadamardKernel.scale(from, into: tile, count: count, by: w, length: n)
                        WalshHadamardKernel.transform(tile, count: count, length: n)
                    }
                    start += count
                }
            }
            if tasks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: tasks, execute: work) }
        }
    }
}
