/// Assigns every value of a plan a region of one arena by liveness: a value's region is
/// reused once every value living in it has been read for the last time. Aliases (reshape,
/// identity) share their input's region; element-wise layers may take over a dying input's
/// region (in place). Regions are 64-byte aligned.
struct ArenaLayout {
    /// Region index of each value.
    private(set) var region: [String: Int] = [:]
    private var sizes: [Int] = []
    private var residents: [Int] = []
    private var free: [Int] = []

    /// Gives `value` (`count` floats) a free region — the smallest that fits, else the largest
    /// free one grown, else a new one.
    mutating func allocate(_ value: String, count: Int) {
        let fitting = free.indices.filter { sizes[free[$0]] >= count }.min { sizes[free[$0]] < sizes[free[$1]] }
        let largest = free.indices.max { sizes[free[$0]] < sizes[free[$1]] }
        let chosen: Int
        if let position = fitting ?? largest {
            chosen = free.remove(at: position)
            sizes[chosen] = max(sizes[chosen], count)
        } else {
            chosen = sizes.count
            sizes.append(count)
            residents.append(0)
        }
        residents[chosen] = 1
        region[value] = chosen
    }

    /// Lets `value` live in the region of `existing` as well.
    mutating func alias(_ value: String, to existing: String) {
        guard let shared = region[existing] else { preconditionFailure("alias of an unplaced value") }
        residents[shared] += 1
        region[value] = shared
    }

    /// Lets `value` take over the region of `dying`, read for the last time by the layer that
    /// produces `value` (an in-place element-wise layer); `dying` is still released as usual.
    mutating func takeOver(_ value: String, from dying: String) {
        alias(value, to: dying)
    }

    /// Whether `value` is the only value living in its region.
    func isSoleResident(_ value: String) -> Bool {
        region[value].map { residents[$0] == 1 } ?? false
    }

    /// Marks `value` as read for the last time; its region is freed once no value lives in it.
    mutating func release(_ value: String) {
        guard let index = region[value] else { return }
        residents[index] -= 1
        if residents[index] == 0 { free.append(index) }
    }

    /// Offset in floats of each region, and the total arena size (regions rounded up to 16 floats).
    func offsets() -> (offsets: [Int], total: Int) {
        var offsets: [Int] = [], total = 0
        for size in sizes {
            offsets.append(total)
            total += (size + 15) / 16 * 16
        }
        return (offsets, total)
    }
}
