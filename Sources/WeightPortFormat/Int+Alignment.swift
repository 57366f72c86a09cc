extension Int {
    /// This non-negative value rounded up to a multiple of `alignment` (> 0). The caller makes sure
    /// the result fits (values come from memory sizes or checked file sizes).
    func roundedUp(toMultipleOf alignment: Int) -> Int {
        (self + alignment - 1) / alignment * alignment
    }
}
