@testable import Daemon
import Store
import Testing

@Suite struct SystemdEnvironmentTests {
    @Test func outsideSystemdNothingIsSet() {
        #expect(SystemdEnvironment(["PATH": "/usr/bin"], pid: 42) == SystemdEnvironment())
    }

    @Test func notifySocketAndWatchdogForThisProcess() {
        let environment = SystemdEnvironment(
            ["NOTIFY_SOCKET": "@/org/freedesktop/systemd1/notify", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], pid: 42)
        #expect(environment.notifySocket == "@/org/freedesktop/systemd1/notify")
        #expect(environment.watchdogTimeout == .seconds(30))
        #expect(environment.watchdogPingInterval == .seconds(15))
        // WATCHDOG_PID is optional.
        #expect(SystemdEnvironment(["WATCHDOG_USEC": "1000000"], pid: 7).watchdogPingInterval == .milliseconds(500))
    }

    @Test(arguments: [
        ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "41"],  // meant for another process
        ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "forty-two"],
        ["WATCHDOG_USEC": "0"],
        ["WATCHDOG_USEC": "soon"],
        ["WATCHDOG_USEC": "-5"],
    ])
    func watchdogIsOffWhenNotMeantForThisProcessOrMalformed(_ variables: [String: String]) {
        #expect(SystemdEnvironment(variables, pid: 42).watchdogTimeout == nil)
    }

    @Test func passedSocketsOnlyForTheNamedProcess() {
        #expect(SystemdEnvironment(["LISTEN_PID": "42", "LISTEN_FDS": "1"], pid: 42).listenDescriptors == [3])
        #expect(SystemdEnvironment(["LISTEN_PID": "42", "LISTEN_FDS": "2"], pid: 42).listenDescriptors == [3, 4])
        #expect(SystemdEnvironment(["LISTEN_PID": "41", "LISTEN_FDS": "1"], pid: 42).listenDescriptors.isEmpty)
        #expect(SystemdEnvironment(["LISTEN_FDS": "1"], pid: 42).listenDescriptors.isEmpty)
        #expect(SystemdEnvironment(["LISTEN_PID": "42", "LISTEN_FDS": "0"], pid: 42).listenDescriptors.isEmpty)
        #expect(SystemdEnvironment(["LISTEN_PID": "42", "LISTEN_FDS": "x"], pid: 42).listenDescriptors.isEmpty)
    }

    @Test func statusIsOneLineAboutFeedsArticlesAndTheQueue() {
        let statistics = StoreStatistics(
            feeds: 12, pausedFeeds: 2, failingFeeds: 1, articles: 1, items: 30, jobs: [.queued: 3, .leased: 8, .done: 40, .dead: 2])
        #expect(statistics.statusLine == "12 feeds (1 failing, 2 paused), 1 article, queue: 3 waiting, 8 leased, 2 dead")
        #expect(ServiceNotifier.oneLine("database\nlocked") == "database locked")
    }
}
