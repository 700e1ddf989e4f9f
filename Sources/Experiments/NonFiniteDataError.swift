/// Input data holding NaN or infinite values, refused because `allow_nonfinite` (sweep) or
/// `--allow-nonfinite` (analyze) was not given.
public struct NonFiniteDataError: Error, CustomStringConvertible, Equatable {
    /// The data source spec and the tensor inside it (equal to the source for .npy and synthetic data).
    public var source: String
    public var tensor: String
    public var count: Int
    public var total: Int

    public var description: String {
        let what = tensor == source ? "data '\(source)'" : "data '\(source)', tensor '\(tensor)'"
        return "\(what): \(count) of \(total) values are NaN or infinite; "
            + "pass --allow-nonfinite (sweep key allow_nonfinite: true) to replace them by 0"
    }
}
