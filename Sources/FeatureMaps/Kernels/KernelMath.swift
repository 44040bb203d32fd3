import Foundation

/// Small helpers every parametric kernel uses.
enum KernelMath {
    /// The outer product a[m]·b[n], row-major `a.count × b.count`.
    static func outer(_ a: [Double], _ b: [Double]) -> [Double] {
        var result = [Double]()
        result.reserveCapacity(a.count * b.count)
        for x in a {
            for y in b { result.append(x * y) }
        }
        return result
    }

    /// cos θ and sin θ for an angle in degrees, exact at multiples of 90° (so axis-aligned kernels have
    /// exact zeros) and with cos = ±sin exactly at odd multiples of 45° (so diagonal ones are symmetric).
    static func cosSin(degrees: Double) -> (cos: Double, sin: Double) {
        let turn = normalizedDegrees(degrees)
        let diagonal = (0.5).squareRoot()
        switch turn {
        case 0: return (1, 0)
        case 45: return (diagonal, diagonal)
        case 90: return (0, 1)
        case 135: return (-diagonal, diagonal)
        case 180: return (-1, 0)
        case 225: return (-diagonal, -diagonal)
        case 270: return (0, -1)
        case 315: return (diagonal, -diagonal)
        default:
            let radians = turn * Double.pi / 180
            return (Foundation.cos(radians), Foundation.sin(radians))
        }
    }

    /// The angle in degrees brought into [0, 360).
    static func normalizedDegrees(_ degrees: Double) -> Double {
        var turn = degrees.truncatingRemainder(dividingBy: 360)
        if turn < 0 { turn += 360 }
        return turn == 360 ? 0 : turn
    }
}
