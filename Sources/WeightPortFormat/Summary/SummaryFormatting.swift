import Foundation

/// How `inspect` writes numbers for people: `4.23M`, `569.0M`, `4,253,864`, `16.3 MiB`.
/// JSON always carries the exact integers; these are for text only.
public enum SummaryFormatting {
    /// A count abbreviated with K, M, G or T (powers of 1000): two decimals below 10 units, one
    /// above (`864`, `9.22K`, `4.23M`, `569.0M`, `1.20G`). Exact below 1000.
    public static func figure(_ value: Int) -> String {
        let magnitude = value.magnitude
        guard magnitude >= 1000 else { return String(value) }
        let units: [(Double, String)] = [(1e3, "K"), (1e6, "M"), (1e9, "G"), (1e12, "T"), (1e15, "P")]
        let sign = value < 0 ? "-" : ""
        let amount = Double(magnitude)
        for (position, (scale, suffix)) in units.enumerated() {
            let scaled = amount / scale
            let decimals = scaled < 9.995 ? 2 : 1
            let text = String(format: "%.\(decimals)f", scaled)
            let isLast = position == units.count - 1
            if isLast || (Double(text) ?? scaled) < 999.95 { return sign + text + suffix }
        }
        return String(value)
    }

    /// An integer with thousands separators: `4,253,864`.
    public static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// A byte count in binary units: `512 B`, `1.0 KiB`, `16.3 MiB`, `1.00 GiB`.
    public static func bytes(_ value: Int) -> String {
        guard value >= 1024 else { return "\(value) B" }
        var scaled = Double(value)
        for unit in ["KiB", "MiB", "GiB", "TiB"] {
            scaled /= 1024
            if scaled < 1024 || unit == "TiB" {
                return String(format: scaled < 10 ? "%.2f" : "%.1f", scaled) + " " + unit
            }
        }
        return "\(value) B"
    }

    /// `part` as a percentage of `whole` with one decimal (`12.3%`); `0.0%` when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> String {
        String(format: "%.1f%%", whole == 0 ? 0 : 100 * Double(part) / Double(whole))
    }

    /// A shape as `1×112×112×32` (`-1` printed as `?`); `scalar` for `[]`.
    public static func shape(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map { $0 < 0 ? "?" : String($0) }.joined(separator: "×")
    }

    /// A float attribute in a few characters: `0.5`, `127.5`, `-1`, `0.00784`, `1e-05`.
    static func compact(_ value: Float) -> String {
        var text = "\(value)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text.count <= 6 ? text : String(format: "%.3g", Double(value))
    }
}
