import Foundation
@testable import Daemon
import Synchronization
import Testing

@Suite struct WorkerPoolTests {
    @Test func runsAtMostCountAtOnceAndEverythingSubmitted() {
        let pool = WorkerPool(name: "test.pool", count: 3, capacity: 100)
        let running = Mutex((now: 0, peak: 0, done: 0))
        for _ in 0..<60 {
            #expect(pool.submit {
                running.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                Thread.sleep(forTimeInterval: 0.002)
                running.withLock { $0.now -= 1; $0.done += 1 }
            })
        }
        #expect(pool.waitUntilIdle(deadline: .now + .seconds(10)))
        let result = running.withLock { $0 }
        #expect(result.done == 60)
        #expect(result.peak <= 3)
        #expect(result.peak >= 2)
    }

    @Test func refusesWorkBeyondCapacityInsteadOfBuffering() {
        let pool = WorkerPool(name: "test.full", count: 1, capacity: 2)
        let gate = DispatchSemaphore(value: 0)
        #expect(pool.submit { gate.wait() })  // occupies the only worker
        Thread.sleep(forTimeInterval: 0.05)
        #expect(pool.submit {})
        #expect(pool.submit {})
        #expect(pool.submit {} == false)
        gate.signal()
        #expect(pool.waitUntilIdle(deadline: .now + .seconds(5)))
        #expect(pool.submit {})
    }

    @Test func closedPoolRefusesButFinishesWhatItHas() {
        let pool = WorkerPool(name: "test.closed", count: 2, capacity: 10)
        let done = Mutex(0)
        for _ in 0..<5 { pool.submit { Thread.sleep(forTimeInterval: 0.01); done.withLock { $0 += 1 } } }
        pool.close()
        #expect(pool.submit {} == false)
        #expect(pool.waitUntilIdle(deadline: .now + .seconds(5)))
        #expect(done.withLock { $0 } == 5)
    }
}
