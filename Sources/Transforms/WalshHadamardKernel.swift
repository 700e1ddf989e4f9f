/// The unnormalized fast Walsh-Hadamard transform in place, in Sylvester (natural, "Hadamard")
/// order: each consecutive group of `length` floats x becomes x H where H = H_2 (x) H_{length/2},
/// H_1 = [1], entries +-1. Stage h (h = 1, 2, 4, ..., length/2) replaces each pair (a, b) at indices
/// (i, i + h) with i & h == 0 by (a + b, a - b): length log2(length) additions in all.
///
/// Every group is transformed by the same sequence of float operations whatever the caller's
/// chunking or thread count, so the result is deterministic. Inner loops work on `SIMD8<Float>`:
/// the first three stages inside one vector (lane shuffles), the others between vectors h apart.
enum WalshHadamardKernel {
    /// Transforms `count / length` consecutive groups of `length` floats starting at `base`.
    /// `length` is a power of two; `count` is a multiple of it.
    @inline(__always)
    static func transform(_ base: UnsafeMutablePointer<Float>, count: Int, length: Int) {
        if length >= 8 {
            firstThreeStages(base, count: count)
            var h = 8
            while h < length {
                vectorStage(base, count: count, stride: h)
                h <<= 1
            }
        } else {
            var h = 1
            while h < length {
                scalarStage(base, count: count, stride: h)
                h <<= 1
            }
        }
    }

    /// Stages h = 1, 2, 4 on each aligned group of 8: an 8-point transform inside one vector.
    /// A lane i pairs with lane i ^ h; with p the vector permuted by i -> i ^ h, the result is
    /// p + s_h * v, s_h = +1 where i & h == 0 and -1 elsewhere (a + b and a - b; exact, as s is +-1).
    @inline(__always)
    static func firstThreeStages(_ base: UnsafeMutablePointer<Float>, count: Int) {
        let s1 = SIMD8<Float>(1, -1, 1, -1, 1, -1, 1, -1)
        let s2 = SIMD8<Float>(1, 1, -1, -1, 1, 1, -1, -1)
        let raw = UnsafeMutableRawPointer(base)
        var offset = 0
        let bytes = count * MemoryLayout<Float>.stride
        while offset < bytes {
            var v = raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            var p = SIMD8<Float>(v[1], v[0], v[3], v[2], v[5], v[4], v[7], v[6])
            v = p + s1 * v
            p = SIMD8<Float>(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5])
            v = p + s2 * v
            let low = v.lowHalf, high = v.highHalf
            v = SIMD8<Float>(lowHalf: low + high, highHalf: low - high)
            raw.storeBytes(of: v, toByteOffset: offset, as: SIMD8<Float>.self)
            offset += 32
        }
    }

    /// One stage with stride h >= 8 (a multiple of 8): butterflies between vectors h apart.
    @inline(__always)
    static func vectorStage(_ base: UnsafeMutablePointer<Float>, count: Int, stride h: Int) {
        let raw = UnsafeMutableRawPointer(base)
        let size = MemoryLayout<Float>.stride
        let hBytes = h * size, bytes = count * size
        var group = 0
        while group < bytes {
            var offset = group
            let end = group + hBytes
            while offset < end {
                let a = raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                let b = raw.loadUnaligned(fromByteOffset: offset + hBytes, as: SIMD8<Float>.self)
                raw.storeBytes(of: a + b, toByteOffset: offset, as: SIMD8<Float>.self)
                raw.storeBytes(of: a - b, toByteOffset: offset + hBytes, as: SIMD8<Float>.self)
                offset += 32
            }
            group += 2 * hBytes
        }
    }

    /// One stage with a small stride (used only when the whole length is below 8).
    @inline(__always)
    static func scalarStage(_ base: UnsafeMutablePointer<Float>, count: Int, stride h: Int) {
        var group = 0
        while group < count {
            for i in group..<(group + h) {
                let a = base[i], b = base[i + h]
                base[i] = a + b
                base[i + h] = a - b
            }
            group += 2 * h
        }
    }

    /// Writes `destination[i] = source[i] * weights[i % length]` for i < count: the signs and the
    /// normalization folded into one multiply per element. `source` may equal `destination`.
    @inline(__always)
    static func scale(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
                      count: Int, by weights: UnsafePointer<Float>, length: Int) {
        var group = 0
        while group < count {
            let from = source + group, to = destination + group
            for j in 0..<length { to[j] = from[j] * weights[j] }
            group += length
        }
    }
}
