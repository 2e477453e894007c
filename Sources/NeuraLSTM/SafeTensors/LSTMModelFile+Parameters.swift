extension LSTMModelFile {
    /// The file's weights in the engine's flat layout, ready for training or inference.
    public func parameters() throws(LSTMError) -> LSTMParameters {
        try LSTMParameters(config: config, named: tensors.mapValues { (shape: $0.shape, values: $0.values) })
    }

    /// A model file holding `parameters` under their PyTorch names.
    public init(parameters: LSTMParameters, encoding: String?, training: String?) throws(LSTMModelFileError) {
        var tensors: [String: HostTensor] = [:]
        for tensor in parameters.namedTensors() {
            tensors[tensor.name] = HostTensor(shape: tensor.shape, values: Array(tensor.values))
        }
        try self.init(tensors: tensors, encoding: encoding, training: training)
    }
}
