import NeuraKernels
import Testing
@testable import NeuraLSTM

/// The packed matrix-vector products generation steps use, against a Double reference, and half
/// precision against float.
@Suite struct PackedGemvTests {
    /// 37 rows leave a partly filled last panel; 1…9 streams cover every stream grouping.
    static let (rows, columns) = (37, 19)
    static let matrix = randomValues(rows * columns, scale: 1, seed: 21)

    static func reference(_ matrix: [Float], _ x: [Float], streams: Int, initial: [Float]) -> [Double] {
        (0..<streams).flatMap { stream in
            (0..<rows).map { row in
                (0..<columns).reduce(Double(initial[stream * rows + row])) { sum, column in
                    sum + Double(matrix[row * columns + column]) * Double(x[stream * columns + column])
                }
            }
        }
    }

    typealias Product<Element> = (UnsafePointer<Element>?, Int, Int, UnsafePointer<Float>?, Int,
                                  UnsafeMutablePointer<Float>?, Int, Int) -> Void

    static func run<Element>(_ product: Product<Element>, packed: [Element], x: [Float], initial: [Float], streams: Int) -> [Float] {
        var y = initial
        product(packed, rows, columns, x, columns, &y, rows, streams)
        return y
    }

    @Test(arguments: 1...9)
    func floatProductMatchesReference(streams: Int) {
        var packed = [Float](repeating: .nan, count: nk_packed_count(Self.rows, Self.columns))
        nk_pack_f32(Self.matrix, Self.rows, Self.columns, &packed)
        let x = randomValues(streams * Self.columns, scale: 1, seed: UInt64(30 + streams))
        let initial = randomValues(streams * Self.rows, scale: 1, seed: 40)
        let expected = Self.reference(Self.matrix, x, streams: streams, initial: initial)
        let products: [(String, Product<Float>)] = [("dispatched", nk_packed_gemv_f32), ("portable", nk_packed_gemv_f32_portable)]
        for (name, product) in products {
            let y = Self.run(product, packed: packed, x: x, initial: initial, streams: streams)
            let mismatch = firstMismatch(y, expected, relative: 1e-5, absolute: 1e-5)
            #expect(mismatch == nil, "\(name), \(streams) streams: \(mismatch ?? "")")
        }
    }

    /// Split over threads, each share of the panels gives the very sums one thread gives: 5 panels
    /// (the last partly filled) split 3 + 2, and 4 or 8 threads, which leave shares empty.
    @Test(arguments: [2, 3, 4, 8])
    func productSplitOverThreadsEqualsOneThread(threads: Int) {
        let (rows, columns, streams) = (72, 4096, 8)
        #expect(rows * columns * streams / PackedMatrix.minimumWorkPerThread >= threads, "large enough to split")
        let matrix = randomValues(rows * columns, scale: 1, seed: 61)
        var packed = [Float](repeating: .nan, count: nk_packed_count(rows, columns))
        nk_pack_f32(matrix, rows, columns, &packed)
        let x = randomValues(streams * columns, scale: 1, seed: 62)
        let initial = randomValues(streams * rows, scale: 1, seed: 63)
        var single = initial
        nk_packed_gemv_f32(packed, rows, columns, x, columns, &single, rows, streams)
        var split = initial
        packed.withUnsafeBufferPointer { panels in
            PackedMatrix(panels: panels.baseAddress!, rows: rows, columns: columns, threads: threads)
                .multiplyAdd(x, stride: columns, into: &split, stride: rows, streams: streams)
        }
        #expect(split == single)
        #expect(split != initial)
    }

    /// Half weights give exactly the float product of the rounded weights (up to summation order),
    /// and stay within half precision's 2⁻¹¹ relative rounding of the float product.
    @Test(arguments: [1, 2, 5, 8])
    func halfProductMatchesFloatProductOfRoundedWeights(streams: Int) {
        var packed = [UInt16](repeating: 0, count: nk_packed_count(Self.rows, Self.columns))
        nk_pack_f16(Self.matrix, Self.rows, Self.columns, &packed)
        let rounded = Self.matrix.map { nk_half_to_float(nk_float_to_half($0)) }
        let x = randomValues(streams * Self.columns, scale: 1, seed: UInt64(50 + streams))
        let initial = [Float](repeating: 0, count: streams * Self.rows)
        let expectedRounded = Self.reference(rounded, x, streams: streams, initial: initial)
        let expectedExact = Self.reference(Self.matrix, x, streams: streams, initial: initial)
        // Σ|w·x| bounds the error the rounding of each weight can cause.
        let magnitudes = Self.reference(Self.matrix.map(abs), x.map(abs), streams: streams, initial: initial)
        let products: [(String, Product<UInt16>)] = [("dispatched", nk_packed_gemv_f16), ("portable", nk_packed_gemv_f16_portable)]
        for (name, product) in products {
            let y = Self.run(product, packed: packed, x: x, initial: initial, streams: streams)
            let mismatch = firstMismatch(y, expectedRounded, relative: 1e-5, absolute: 1e-5)
            #expect(mismatch == nil, "\(name), \(streams) streams: \(mismatch ?? "")")
            for index in y.indices {
                #expect(abs(Double(y[index]) - expectedExact[index]) <= magnitudes[index] / 2048 + 1e-6, "\(name) \(index)")
            }
        }
    }

    @Test func halfConversionRoundsToNearestEven() {
        // Every finite half survives the trip through float unchanged.
        for bits in UInt16.min...UInt16.max where (bits & 0x7c00) != 0x7c00 {
            #expect(nk_float_to_half(nk_half_to_float(bits)) == bits)
        }
        let cases: [(Float, Float)] = [
            (1 + 1.0 / 2048, 1),                          // halfway between 1 and 1 + 2⁻¹⁰: to even
            (1 + 3.0 / 2048, 1 + 2.0 / 1024),             // halfway, rounds up to the even neighbour
            (65504, 65504), (65519, 65504), (65520, .infinity), (-1e6, -.infinity),
            (0x1p-24, 0x1p-24), (0x1p-25, 0), (0x1.8p-25, 0x1p-24), (0x1.8p-24, 0x1p-23), (1e-10, 0),
        ]
        for (value, expected) in cases {
            #expect(nk_half_to_float(nk_float_to_half(value)) == expected, "\(value)")
        }
        #expect(nk_half_to_float(nk_float_to_half(.nan)).isNaN)
        #expect(nk_float_to_half(-0.0) == 0x8000)
    }

    /// Half-precision sessions follow float sessions closely, and batching does not change them.
    @Test func halfPrecisionSessionFollowsFloatSession() throws {
        let config = try LSTMConfig(vocabularySize: 23, embeddingSize: 7, hiddenSize: 20, layers: 2)
        var rng = SplitMix64(seed: 4)
        let parameters = LSTMParameters(config: config, rng: &rng)
        var single = InferenceSession(parameters: parameters, precision: .float32)
        var half = InferenceSession(parameters: parameters, precision: .float16)
        #expect(half.precision == .float16)
        let prefixes = [[0, 5, 9], [0, 22, 1, 1]]
        var singleLogits = try single.prime(prefixes: prefixes).flatMap { $0 }
        var halfLogits = try half.prime(prefixes: prefixes).flatMap { $0 }
        for tokens in [[3, 4], [17, 0], [8, 8]] {
            singleLogits += try single.step(tokens: tokens)
            halfLogits += try half.step(tokens: tokens)
        }
        let mismatch = firstMismatch(halfLogits, singleLogits.map(Double.init), relative: 1e-2, absolute: 2e-3)
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(halfLogits != singleLogits, "the half session must really use half weights")
    }
}
