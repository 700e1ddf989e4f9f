/// What a tensor source holds, read from headers only (no tensor data decoded): each tensor it
/// takes, and the tensors of a glob or whole-file selection it skipped (`TensorSelection`).
public struct TensorListing: Sendable, Equatable {
    public struct Item: Sendable, Equatable, Codable {
        /// Tensor name (safetensors), path (.npy) or canonical spec (synthetic).
        public var name: String
        /// The stored dtype: a safetensors dtype, a NumPy descr such as `<f4`, or F32 for synthetic data.
        public var dtype: String
        public var shape: [Int]

        public init(name: String, dtype: String, shape: [Int]) {
            self.name = name; self.dtype = dtype; self.shape = shape
        }
    }

    public var tensors: [Item]
    public var skipped: [Item]

    public init(tensors: [Item], skipped: [Item] = []) {
        self.tensors = tensors
        self.skipped = skipped
    }
}
