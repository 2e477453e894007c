/// The shape of a model: vocabulary V, embedding E, hidden H and layer count L
/// (embedding [V,E] → L-layer LSTM → linear head [V,H], as PyTorch's modules lay them out).
public struct LSTMConfig: Hashable, Sendable, CustomStringConvertible {
    public var vocabularySize: Int
    public var embeddingSize: Int
    public var hiddenSize: Int
    public var layers: Int

    public init(vocabularySize: Int, embeddingSize: Int, hiddenSize: Int, layers: Int) throws(LSTMError) {
        guard vocabularySize > 0, embeddingSize > 0, hiddenSize > 0, layers > 0 else {
            throw .invalidConfig(
                "every size must be positive, got V=\(vocabularySize) E=\(embeddingSize) H=\(hiddenSize) L=\(layers)")
        }
        self.vocabularySize = vocabularySize
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.layers = layers
    }

    /// Width of the input to layer `layer`: the embedding for the first, the hidden state after.
    public func inputSize(ofLayer layer: Int) -> Int { layer == 0 ? embeddingSize : hiddenSize }

    public var parameterCount: Int { ParameterLayout(config: self).count }

    public var description: String {
        "V=\(vocabularySize) E=\(embeddingSize) H=\(hiddenSize) L=\(layers)"
    }
}
