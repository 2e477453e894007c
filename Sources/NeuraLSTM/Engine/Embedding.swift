/// Embedding lookup: row n of the output is row `tokens[n]` of the table.
enum Embedding {
    /// output (N, E) ← table (V, E)[tokens (N)]
    static func forward(
        output: UnsafeMutablePointer<Float>, table: UnsafePointer<Float>,
        tokens: UnsafePointer<Int>, rows: Int, width: Int
    ) {
        for row in 0..<rows {
            (output + row * width).update(from: table + tokens[row] * width, count: width)
        }
    }

    /// tableGrad (V, E) += outputGrad (N, E) scattered by token.
    static func backward(
        tableGrad: UnsafeMutablePointer<Float>, outputGrad: UnsafePointer<Float>,
        tokens: UnsafePointer<Int>, rows: Int, width: Int
    ) {
        for row in 0..<rows {
            let target = tableGrad + tokens[row] * width
            let source = outputGrad + row * width
            for column in 0..<width { target[column] += source[column] }
        }
    }
}
