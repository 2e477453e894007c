/// Keeps every buffer of one test alive until `release()`, so pointers handed to kernels inline
/// cannot outlive their memory (ARC may free an unused temporary early).
final class Arena {
    private var buffers: [AnyObject] = []

    func buffer(_ values: [Float]) -> TestBuffer { keep(TestBuffer(values)) }
    func zeros(_ count: Int) -> TestBuffer { keep(TestBuffer(repeating: 0, count: count)) }
    func filled(_ value: Float, _ count: Int) -> TestBuffer { keep(TestBuffer(repeating: value, count: count)) }
    func tokens(_ tokens: [Int]) -> TokenBuffer { keep(TokenBuffer(tokens)) }

    private func keep<T: AnyObject>(_ object: T) -> T {
        buffers.append(object)
        return object
    }

    func release() { buffers.removeAll() }
}

/// Owned Float memory for calling the engine's pointer kernels directly from tests.
final class TestBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ values: [Float]) {
        count = values.count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
        if count > 0 { values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) } }
    }

    convenience init(repeating value: Float, count: Int) {
        self.init([Float](repeating: value, count: count))
    }

    var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    var doubles: [Double] { values.map(Double.init) }

    deinit { pointer.deallocate() }
}

final class TokenBuffer {
    let pointer: UnsafeMutablePointer<Int>

    init(_ tokens: [Int]) {
        pointer = .allocate(capacity: max(1, tokens.count))
        pointer.initialize(repeating: 0, count: max(1, tokens.count))
        for (index, token) in tokens.enumerated() { pointer[index] = token }
    }

    deinit { pointer.deallocate() }
}
