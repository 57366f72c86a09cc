import Foundation
import Synchronization

/// Items handed from any thread to one consuming thread, which takes them in the order given
/// until the queue is closed and every item given before has been taken. Giving never waits.
public final class HandOffQueue<Element: Sendable>: Sendable {
    /// Every item given (kept until the queue ends), and whether the queue is closed.
    private let state = Mutex<(items: [Element], isClosed: Bool)>(([], false))
    /// One signal per `enqueue` and one for the closing, for a consumer waiting for more.
    private let signals = DispatchSemaphore(value: 0)

    /// An open, empty queue.
    public init() {}

    /// Gives `items`, after those given before; ignored once the queue is closed. O(count).
    public func enqueue(_ items: [Element]) {
        let accepted = state.withLock { state in
            guard !state.isClosed else { return false }
            state.items += items
            return true
        }
        if accepted { signals.signal() }
    }

    /// Says that nothing more will come; later calls do nothing. O(1).
    public func close() {
        state.withLock { $0.isClosed = true }
        signals.signal()
    }

    /// Calls `body` with each item, oldest first, waiting for more while the queue is open;
    /// returns once it is closed and every item given was passed. For one thread at a time.
    public func consume(_ body: (Element) -> Void) {
        var next = 0
        while true {
            let (batch, isClosed) = state.withLock { state in
                defer { next = state.items.count }
                return (state.items[next...], state.isClosed)
            }
            for item in batch { body(item) }
            if batch.isEmpty {
                if isClosed { return }
                signals.wait()
            }
        }
    }
}
