@testable import Daemon
import Testing

@Suite struct RetryPolicyTests {
    @Test func articleJobsRetryTwiceThenStop() {
        let policy = RetryPolicy.articleJobs(attempts: 3)
        #expect(policy.delay(afterFailure: 1, jitter: 1) == 30)
        #expect(policy.delay(afterFailure: 2, jitter: 1) == 120)
        #expect(policy.delay(afterFailure: 3, jitter: 1) == nil)
    }

    @Test func feedPollsBackOffForeverUpToTheCap() throws {
        let policy = RetryPolicy.feedPolls
        #expect(policy.delay(afterFailure: 1, jitter: 1) == 60)
        #expect(policy.delay(afterFailure: 3, jitter: 1) == 960)
        let capped = try #require(policy.delay(afterFailure: 1000, jitter: 1))
        #expect(capped == policy.cap)
        #expect(capped == 21_600)
    }
}
