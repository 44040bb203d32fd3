import Foundation

/// Short, locale-independent number text for labels: about three significant digits, no trailing
/// zeros, scientific notation only for very large or very small magnitudes ("-412", "0.0123", "1.5e+06").
public enum CompactNumber {
    /// The label text for `value`.
    public static func format(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value == 0 { return "0" }
        let magnitude = abs(Double(value))
        if magnitude >= 99_999.5 || magnitude < 0.001 {
            return trimmed(String(format: "%.2e", Double(value)))
        }
        let decimals: Int
        switch magnitude {
        case 99.95...: decimals = 0
        case 9.995...: decimals = 1
        case 0.9995...: decimals = 2
        default: decimals = max(0, 2 - Int(floor(log10(magnitude))))
        }
        let text = trimmed(String(format: "%.\(decimals)f", Double(value)))
        return text == "-0" ? "0" : text
    }

    /// Drops trailing zeros of the fraction (and a bare point), keeping any exponent.
    static func trimmed(_ text: String) -> String {
        var mantissa = text, exponent = ""
        if let e = text.firstIndex(of: "e") {
            mantissa = String(text[..<e])
            exponent = String(text[e...])
        }
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        return mantissa + exponent
    }
}
