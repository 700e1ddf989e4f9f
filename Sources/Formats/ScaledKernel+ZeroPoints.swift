/// The element pass of asymmetric formats (`ScaledFormat`): `dst[i] = fl32((q - z) * s)` with
/// `q = round_elem(fl32(fl32(src[i] / s) + z))`, per run of elements. A run shares one scale and
/// zero point (blocks, channels on a leading axis, the tensor), or, with `perElement`, element
/// `a + k` has `scale[k]` and `zero[k]` (channels on the last axis). Deterministic modes run a loop
/// with the mode fixed, which LLVM vectorizes; a special scale (`SpecialScale`) gives its value to
/// its elements (`special`: whether any per-element scale may be special).
extension ScaledKernel {
    @inline(__always)
    func zeroPointRun<E: ElementRounding>(_ e: E, _ a: Int, _ b: Int, _ scale: UnsafePointer<Float>, _ zero: UnsafePointer<Float>,
                                         perElement: Bool, special: Bool) {
        let n = b - a
        if !perElement, let v = SpecialScale.value(scale[0]) {
            (dst + a).update(repeating: v, count: n)
            return
        }
        switch (mode, perElement) {
        case (.nearestEven, true): ScaledKernel.zeroPointLoop(e, src + a, dst + a, n, scale, zero, 1, .nearestEven)
        case (.nearestEven, false): ScaledKernel.zeroPointLoop(e, src + a, dst + a, n, scale, zero, 0, .nearestEven)
        case (.stochastic, _):
            let step = perElement ? 1 : 0
            for k in 0 ..< n {
                let s = scale[k * step], z = zero[k * step]
                dst[a + k] = (e.quantize(src[a + k] / s + z, mode: .stochastic, random: random(a + k)) - z) * s
            }
        case (_, true): ScaledKernel.zeroPointLoop(e, src + a, dst + a, n, scale, zero, 1, mode)
        case (_, false): ScaledKernel.zeroPointLoop(e, src + a, dst + a, n, scale, zero, 0, mode)
        }
        if perElement && special {
            for k in 0 ..< n { if let v = SpecialScale.value(scale[k]) { dst[a + k] = v } }
        }
    }

    /// The loop; `step` is 0 (one scale and zero point) or 1 (one per element), a constant at each
    /// call so the loads are uniform or contiguous.
    @inline(__always)
    static func zeroPointLoop<E: ElementRounding>(_ e: E, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int,
                                                  _ scale: UnsafePointer<Float>, _ zero: UnsafePointer<Float>, _ step: Int, _ mode: RoundingMode) {
        for k in 0 ..< n {
            let s = scale[k &* step], z = zero[k &* step]
            dst[k] = (e.quantize(src[k] / s + z, mode: mode, random: 0) - z) * s
        }
    }
}
