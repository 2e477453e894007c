#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that reaches for the C maths library, so platform imports stay out of the kernels.
/// (The gate loops use `FastMath`, which inlines and vectorises; these serve the rest.)
enum Elementary {
    @inline(__always) static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func log(_ x: Double) -> Double { cLog(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { cCos(x) }
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
}

// Inside `Elementary` the bare C names would resolve to its own members, so these file-level
// forwarders name the C functions from outside it.
@inline(__always) private func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func cCos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
