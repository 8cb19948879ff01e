import Foundation
import Posix
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// newsd speaking systemd's notify protocol to a real `NOTIFY_SOCKET` listener.
@Suite struct SystemdNotifyTests {
    @Test func notifySocketReachesAnAbstractAddressAndAPath() throws {
        for address in ["@newsd-test-\(UUID().uuidString.prefix(8))", "/tmp/newsd-notify-\(UUID().uuidString.prefix(8)).sock"] {
            let listener = try NotifyListener(address: address)
            try NotifySocket(address: address).send("READY=1\nSTATUS=one line")
            try listener.waitFor("READY=1", timeout: 5)
            #expect(listener.received.first?.assignments == ["READY=1", "STATUS=one line"])
        }
        #expect(throws: SystemError.self) { try NotifySocket(address: "relative/notify.sock") }
    }

    /// The whole conversation with one daemon: READY once the socket accepts, STATUS, watchdog
    /// pings that stop while the database is wedged and resume after, a reload, and the stop.
    @Test func readyStatusWatchdogReloadAndStopping() throws {
        let site = try FixtureSite()
        site.set("/a.html", FixtureSite.englishPage(title: "Council approves transport plan", paragraphs: englishParagraphs("Transport")), type: "text/html")
        site.set("/feed.xml", site.rss(title: "Test Times", items: [(guid: "a", path: "/a.html", title: "Council approves transport plan")]), type: "application/rss+xml")
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feeds: [(site.url("/feed.xml"), "1h")])
        let notify = try NotifyListener(address: daemon.folder + "/notify.sock")
        try daemon.launch(environment: ["NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "1000000"])

        // READY=1 is the first message, and the moment it arrives the socket accepts and answers.
        let ready = try notify.waitFor("READY=1")
        #expect((try? Socket.connectUnix(path: daemon.socketPath)) != nil, "the control socket did not accept at READY=1")
        #expect(daemon.newsctl(["version"]).status == 0)
        #expect(ready == 0, "messages before READY=1: \(notify.received.prefix(ready).map(\.assignments))")
        #expect(notify.received[ready].value("STATUS")?.hasPrefix("1 feed (0 failing, 0 paused)") == true)

        // Watchdog pings at half of WATCHDOG_USEC while alive.
        try daemon.waitUntil("two watchdog pings", timeout: 5) { notify.received.filter { $0.has("WATCHDOG=1") }.count >= 2 }

        // The liveness check reads the database: hold every lock of its WAL index and pings stop.
        let lock = try WALIndexLock(databasePath: daemon.databasePath)
        usleep(800_000)  // a check that passed just before may still send its ping
        let lockedFrom = notify.received.count
        usleep(2_500_000)
        let whileLocked = notify.received[lockedFrom...].filter { $0.has("WATCHDOG=1") }
        #expect(whileLocked.isEmpty, "\(whileLocked.count) watchdog pings while the database was wedged")
        lock.release()
        try notify.waitFor("WATCHDOG=1", after: lockedFrom, timeout: 5)

        // STATUS= follows what the daemon did: the article stored meanwhile.
        try notify.waitFor("STATUS=1 feed (0 failing, 0 paused), 1 article, queue: 0 waiting, 0 leased, 0 dead", timeout: 15)

        // SIGHUP: RELOADING=1 (with the monotonic time), then READY=1 again.
        let beforeReload = notify.received.count
        daemon.signal(SIGHUP)
        let reloading = try notify.waitFor("RELOADING=1", after: beforeReload, timeout: 5)
        #expect(notify.received[reloading].value("MONOTONIC_USEC").flatMap { UInt64($0) } != nil)
        try notify.waitFor("READY=1", after: reloading + 1, timeout: 5)

        // SIGTERM: STOPPING=1 when the drain begins, and no ping after it.
        #expect(try daemon.stop() == 0)
        let stopping = try notify.waitFor("STOPPING=1", after: beforeReload, timeout: 2)
        #expect(!notify.received[(stopping + 1)...].contains { $0.has("WATCHDOG=1") })
    }

    @Test func watchdogMeantForAnotherProcessIsIgnored() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        let notify = try NotifyListener(address: daemon.folder + "/notify.sock")
        try daemon.start(environment: [
            "NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "\(getpid())",
        ])
        try notify.waitFor("READY=1")
        usleep(600_000)
        #expect(!notify.received.contains { $0.has("WATCHDOG=1") })
        #expect(try daemon.stop() == 0)
    }
}

/// Holds every lock byte of a SQLite database's WAL index (bytes 120–127 of the `-shm` file, as
/// SQLite's documented file format places them), as a misbehaving process could: every reader
/// and writer of that database waits until it lets go.
final class WALIndexLock {
    private var descriptor: Int32

    init(databasePath: String, timeout: Double = 5) throws {
        descriptor = open(databasePath + "-shm", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw HarnessError("open \(databasePath)-shm: \(String(cString: strerror(errno)))") }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 120
        lock.l_len = 8
        let deadline = Date() + timeout
        // The daemon holds these bytes only for the length of a transaction.
        while fcntl(descriptor, F_SETLK, &lock) != 0 {
            guard errno == EAGAIN || errno == EACCES, Date() < deadline else {
                throw HarnessError("cannot lock the WAL index: \(String(cString: strerror(errno)))")
            }
            usleep(5_000)
        }
    }

    deinit {
        release()
    }

    /// Lets go of the locks (closing the descriptor drops them).
    func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}
