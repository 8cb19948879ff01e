import Control
@testable import Daemon
import Foundation
import Testing

@Suite struct TailHubTests {
    func entry(_ n: Int, lang: String = "en", status: ArticleLogEntry.Status = .new) -> ArticleLogEntry {
        ArticleLogEntry(
            ts: "2026-11-29T09:00:00Z", status: status, articleID: Int64(n), feedID: 1, feedURL: "https://e.example/rss",
            url: "https://e.example/\(n)", canonicalURL: "https://e.example/\(n)", title: "Story \(n)", lang: lang, words: 100,
            duplicateOf: nil, ms: 5)
    }

    @Test func backlogKeepsTheMostRecentMatchingEvents() {
        let hub = TailHub(backlogCapacity: 5)
        for n in 1...8 { hub.publish(entry(n, lang: n % 2 == 0 ? "ar" : "en")) }
        #expect(hub.backlog(10, matching: TailParams(follow: false)).map(\.articleID) == [4, 5, 6, 7, 8])
        #expect(hub.backlog(2, matching: TailParams(follow: false, lang: "ar")).map(\.articleID) == [6, 8])
    }

    @Test func subscriberGetsLiveEventsThatPassItsFilter() {
        let hub = TailHub()
        let subscription = hub.subscribe(filter: TailParams(follow: true, status: .duplicate))
        hub.publish(entry(1))
        hub.publish(entry(2, status: .duplicate))
        #expect(subscription.next(timeout: 1) == .event(entry(2, status: .duplicate)))
        #expect(subscription.next(timeout: 0.05) == .idle)
        hub.cancel(subscription)
        #expect(subscription.next(timeout: 1) == .closed)
        #expect(hub.subscriberCount == 0)
    }

    @Test func slowSubscriberLosesTheOldestAndIsToldHowMany() {
        let hub = TailHub()
        let subscription = hub.subscribe(filter: TailParams(follow: true), capacity: 3)
        for n in 1...10 { hub.publish(entry(n)) }  // never blocks
        #expect(subscription.next(timeout: 1) == .skipped(7))
        #expect(subscription.next(timeout: 1) == .event(entry(8)))
    }

    @Test func aWaitingSubscriberWakesAtOnce() {
        let hub = TailHub()
        let subscription = hub.subscribe(filter: TailParams(follow: true))
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { hub.publish(self.entry(1)) }
        let start = ContinuousClock.now
        #expect(subscription.next(timeout: 5) == .event(entry(1)))
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
