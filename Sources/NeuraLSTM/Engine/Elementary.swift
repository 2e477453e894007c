#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that reaches for the C maths library, so platform imports stay out of the kernels.
enum Elementary {
    @inline(__always) static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) static func log(_ x: Double) -> Double { Glibc_or_Darwin_log(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { Glibc_or_Darwin_exp(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { Glibc_or_Darwin_cos(x) }
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { Glibc_or_Darwin_pow(x, y) }
}

// Module-qualified aliases: inside `Elementary` the bare names would recurse into its own members.
@inline(__always) private func Glibc_or_Darwin_log(_ x: Double) -> Double { log(x) }
@inline(__always) private func Glibc_or_Darwin_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func Glibc_or_Darwin_cos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func Glibc_or_Darwin_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
