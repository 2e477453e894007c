/// A tensor in host memory as the engine sees it: row-major Float32 values with their shape.
///
/// Files may store F16 or BF16; readers widen to Float32 so that the engine has one element type.
public struct HostTensor: Equatable, Sendable {
    public var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    /// The number of elements the shape describes (1 for a scalar, 0 if any dimension is 0).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// The tensors and string metadata of one safetensors file.
public struct SafeTensorsFile: Equatable, Sendable {
    public var tensors: [String: HostTensor]
    public var metadata: [String: String]

    public init(tensors: [String: HostTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}
