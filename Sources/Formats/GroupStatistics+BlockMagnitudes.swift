/// The first pass of the two-level block formats (NVFP4, NVINT4, any `tensor_scale` block format):
/// every block's magnitude and the tensor's finite amax, in one read of the input.
extension GroupStatistics {
    /// Writes block g's largest magnitude bits, `max (bits(x) & 0x7FFFFFFF)` over all its values
    /// (a value >= 0x7F800000 marks a block holding Inf or NaN), to `out[g]`, blocks numbered as
    /// `GroupLayout` numbers them (row-major, `ceil(rowLength / size)` per row, the last one of a row
    /// partial), and returns the largest finite magnitude of the whole input: the amax of the
    /// second-level scale `t` (`ScaledFormat.tensorLevel`), which counts the finite values of blocks
    /// holding Inf or NaN too. `count` is a multiple of `rowLength`. Blocks run on all cores; max is
    /// order-independent, so the result does not depend on the thread count.
    static func blockMagnitudes(_ src: UnsafePointer<Float>, count: Int, rowLength: Int, size: Int,
                                into out: UnsafeMutablePointer<UInt32>) -> Float {
        guard count > 0, rowLength > 0 else { return 0 }
        if rowLength % size == 0 {
            switch size {
            case 16: return blockMagnitudes(src, count: count, rowLength: rowLength, size: size, into: out, BlockWidth16.self)
            case 32: return blockMagnitudes(src, count: count, rowLength: rowLength, size: size, into: out, BlockWidth32.self)
            default: break
            }
        }
        return blockMagnitudes(src, count: count, rowLength: rowLength, size: size, into: out, AnyBlockWidth.self)
    }

    @inline(__always)
    static func blockMagnitudes<W: BlockWidth>(_ src: UnsafePointer<Float>, count: Int, rowLength: Int, size: Int,
                                               into out: UnsafeMutablePointer<UInt32>, _ width: W.Type) -> Float {
        let perRow = (rowLength + size - 1) / size, groups = count / rowLength * perRow
        let grain = Swift.max(1, ParallelChunks.defaultGrain / size)
        var partial = [UInt32](repeating: 0, count: (groups + grain - 1) / grain)
        partial.withUnsafeMutableBufferPointer { finiteMax in
            ParallelChunks.run(count: groups, grain: grain) { g0, g1 in
                let bounds = { (g: Int) -> (Int, Int) in
                    let a = (g / perRow) * rowLength + (g % perRow) * size
                    return (a, Swift.min((g / perRow) * rowLength + rowLength, a + size))
                }
                if let w = W.size {
                    for g in g0 ..< g1 { out[g] = ScaledKernel.maxMagnitudeBits(src + g * w, w) }
                } else {
                    for g in g0 ..< g1 {
                        let (a, b) = bounds(g)
                        out[g] = maxMagnitudeBits(src, a, b)
                    }
                }
                // The finite amax: blocks without Inf or NaN as they are, the others element by element.
                var finite: UInt32 = 0, nonFinite = false
                for g in g0 ..< g1 {
                    let m = out[g]
                    nonFinite = nonFinite || m >= 0x7F80_0000
                    finite = Swift.max(finite, m < 0x7F80_0000 ? m : 0)
                }
                if nonFinite {
                    for g in g0 ..< g1 where out[g] >= 0x7F80_0000 {
                        let (a, b) = bounds(g)
                        finite = Swift.max(finite, maxMagnitudeBits(src, a, b, finiteOnly: true).finite)
                    }
                }
                finiteMax[g0 / grain] = finite
            }
        }
        return Float(bitPattern: partial.max() ?? 0)
    }
}
