import Foundation
import Testing
@testable import Batch
import Essentials

/// Two runs on one output folder: one run's leftover cleanup deletes the other's temporary while it is
/// being written. The write must still land, whole, under its final name.
@Suite struct ConcurrentCleanupTests {
    @Test func aTemporaryRemovedMidWriteIsWrittenAgain() throws {
        let root = try TestFolder("race")
        defer { root.remove() }
        let folder = try root.folder("out")
        // Large enough that writing it takes many cleanup passes.
        let bytes = [UInt8](repeating: 0x5A, count: 32 << 20)
        let cleaner = RivalCleaner(folder: folder, removals: 3)
        let thread = Thread { cleaner.run() }
        thread.start()
        defer { cleaner.stop() }
        // The rival sees each new temporary within microseconds; wait until it is looking.
        while !cleaner.isRunning { usleep(100) }

        try AtomicFile.write(bytes, to: folder + "/map.png")
        cleaner.stop()
        #expect(cleaner.removed >= 1, "the rival never caught a temporary: nothing was raced")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/map.png")) == Data(bytes))
        #expect(try root.names("out") == ["map.png"])
    }
}

/// Another run's cleanup, as fast as it can go: removes the first `removals` temporaries it finds.
final class RivalCleaner: @unchecked Sendable {
    private let lock = NSLock()
    private let folder: String
    private let removals: Int
    private var removedCount = 0
    private var running = false
    private var stopped = false

    init(folder: String, removals: Int) {
        self.folder = folder
        self.removals = removals
    }

    var removed: Int { lock.withLock { removedCount } }
    var isRunning: Bool { lock.withLock { running } }
    func stop() { lock.withLock { stopped = true } }

    func run() {
        lock.withLock { running = true }
        while lock.withLock({ !stopped && removedCount < removals }) {
            let count = LeftoverCleanup.clean(folder: folder)
            lock.withLock { removedCount += count }
        }
    }
}
