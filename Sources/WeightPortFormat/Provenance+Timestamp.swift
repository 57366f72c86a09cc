import Foundation

extension Provenance {
    /// `date` in UTC as ISO 8601 to the second, `2026-11-25T16:00:00Z`: the form of `createdAt`,
    /// the same text `ISO8601DateFormatter` gives, made with `gmtime_r` (the formatter loads ICU's
    /// time-zone data on first use, ~2 ms of a convert). Fractions of a second are dropped. O(1).
    public static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        func digits(_ value: Int32, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return "\(digits(fields.tm_year + 1900, 4))-\(digits(fields.tm_mon + 1, 2))-\(digits(fields.tm_mday, 2))"
            + "T\(digits(fields.tm_hour, 2)):\(digits(fields.tm_min, 2)):\(digits(fields.tm_sec, 2))Z"
    }
}
