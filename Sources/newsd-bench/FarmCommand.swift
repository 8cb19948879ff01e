import ArgumentParser
import Control
import FeedFarm
import Foundation

/// `newsd-bench farm`: the real daemon against a loopback farm, measured.
struct Farm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the real newsd against a loopback farm of N feeds × M items and measure it.",
        discussion: """
            Starts the farm's HTTP server in a process of its own (article pages of realistic sizes, \
            a third of the feeds Arabic), then newsd (from the same folder as newsd-bench) with a \
            generated configuration in a temporary folder, and reports: time to the first and last \
            stored article, items and articles per second, peak memory, queue depths over time, the \
            all-unchanged poll cycle (every feed polled again and answered 304), and the floor: how \
            long libxml2 alone takes to parse the same pages on both cores. Checks that every item \
            was stored and logged exactly once as the farm's rules say, and exits 1 if not.
            """)

    @OptionGroup var farm: FarmOptions
    @Option(help: "newsd workers (default: the number of CPUs).") var workers = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: ArgumentHelp("Write the whole report, time series included, as JSON here.", valueName: "file")) var json: String?
    @Option(help: ArgumentHelp("Sample stats and memory this often.", valueName: "seconds")) var sampleEvery = 1.0
    @Option(help: ArgumentHelp("Print a line of the time series this often.", valueName: "seconds")) var printEvery = 5.0
    @Option(help: "All-unchanged poll cycles to measure (the median is reported).") var pollCycles = 3
    @Option(help: ArgumentHelp("Give up on a poll cycle after this long.", valueName: "seconds")) var cycleTimeout = 900.0
    @Option(help: ArgumentHelp("Give up when not every item is processed after this long.", valueName: "seconds")) var timeout = 4 * 3600.0
    @Option(help: ArgumentHelp("Give up when no item is processed for this long.", valueName: "seconds")) var stallTimeout = 300.0
    @Option(help: "Threads for the libxml2 floor (0 skips it).") var floorThreads = 2
    @Option(help: "Parse only about this many pages for the floor, evenly spread, and scale up (default: every page).")
    var floorPages: Int?
    @Option(help: "Pages fetched from the farm server alone to measure its own speed (0 skips it).") var probePages = 3000
    @Flag(help: "Keep the temporary folder (database, logs, configuration).") var keep = false
    @Flag(help: "After the unchanged cycles, publish a new item in every feed and time one more cycle.") var changedCycle = false
    @Flag(help: "Then run newsboat (`newsboat -u urls -c cache -x reload`) on the same farm: a first, an unchanged and a changed reload.")
    var newsboat = false
    @Option(help: ArgumentHelp("Profile the daemon with `perf record -g` from its socket answering to the last article, into this file.", valueName: "file"))
    var perf: String?

    @Option(help: ArgumentHelp(
        "Run the daemons on a fresh database on this PostgreSQL server instead of SQLite (dropped afterwards unless --keep).",
        valueName: "postgresql-url"))
    var postgres: String?
    @Option(help: "Daemons sharing the --postgres database, measured together (ingest only: no poll cycles, floor or newsboat).")
    var instances = 1

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard instances >= 1 else { throw ValidationError("--instances must be at least 1") }
        guard instances == 1 || postgres != nil else { throw ValidationError("--instances needs --postgres: SQLite is one daemon's") }
        guard sampleEvery > 0, printEvery > 0 else { throw ValidationError("--sample-every and --print-every must be positive") }
    }

    func run() throws {
        ChildProcesses.shared.killOnInterrupt()
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let farm = self.farm.startingNow()
        if let postgres {
            return try FarmCluster(
                farm: farm, instances: instances, workers: workers, postgres: postgres, keep: keep, timeout: timeout, printEvery: printEvery
            ).run(bin: bin, json: json)
        }
        let site = farm.site()
        let expected = site.expectation()
        let server = try FarmServerProcess(executable: bin.appendingPathComponent("newsd-bench"), farm: farm)
        defer { server.stop() }
        let daemon = try DaemonProcess()
        var report = FarmReport(
            setup: setup(site, folder: daemon.folder),
            expected: .init(items: expected.items, articles: expected.articles, duplicates: expected.duplicates))
        say("newsd-bench farm: \(farm.feeds) feeds × \(farm.items) items = \(expected.items) items "
            + "(\(report.setup.arabicFeeds) Arabic feeds), pages \(farm.pageKib) KiB (\(FarmReport.mib(report.setup.pageBytesTotal)) in all); "
            + "expecting \(expected.articles) new + \(expected.duplicates) duplicate")
        say("farm server: pid \(server.pid) on \(server.baseURL); newsd: \(workers) workers, folder \(daemon.folder)")
        if probePages > 0 {
            let listed = site.listedItems().map(Array.init) ?? []
            let pages = (0..<min(probePages, expected.items)).map { (feed: 1 + $0 % farm.feeds, item: listed[($0 / farm.feeds) % listed.count]) }
            report.serverAlone = try ServerProbe.run(server: server, site: site, pages: pages, connections: 6)
        }

        try daemon.writeConfiguration(feedURLs: (1...farm.feeds).map { server.baseURL + NewsSite.feedPath($0) }, workers: workers)
        try daemon.launch(executable: bin.appendingPathComponent("newsd"))
        defer {
            _ = daemon.stop()
            if !keep { daemon.removeFolder() }
        }
        let monitor = FarmMonitor(
            daemon: daemon, server: server, connection: try daemon.connect(timeout: .seconds(120)), feeds: farm.feeds,
            sampleEvery: sampleEvery, printEvery: printEvery)
        let ingestEnd = try measureIngest(monitor, site: site, into: &report)
        if pollCycles > 0 {
            say("measuring \(pollCycles) all-unchanged poll cycles" + (report.ingest?.lastArticleSeconds == nil ? " (while the backlog is still being processed)" : ""))
        }
        for _ in 0..<pollCycles {
            report.pollCycles.append(try monitor.pollCycle(timeout: cycleTimeout))
        }
        if changedCycle {
            say("publishing a new item in every feed and measuring one poll cycle")
            try server.bump()
            report.changedCycle = try monitor.pollCycle(timeout: cycleTimeout)
        }
        report.peakRSSBytes = ProcessSample.read(pid: daemon.pid)?.peakRSSBytes
        report.samples = monitor.samples
        monitor.connection.close()
        report.daemonExitStatus = daemon.stop()
        if report.daemonExitStatus != 0 {
            report.verification?.problems.append("newsd exited with \(report.daemonExitStatus.map(String.init) ?? "no status (killed)") after SIGTERM")
        }
        if floorThreads > 0 {
            measureFloor(site, baseURL: server.baseURL, ingestEnd: ingestEnd, into: &report)
        }
        if newsboat {
            report.newsboat = try runNewsboat(server: server)
        }

        say(report.text)
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            say("full report: \(json)")
        }
        if keep { say("kept: \(daemon.folder)") }
        if let problems = report.verification?.problems, !problems.isEmpty {
            throw BenchError("the daemon did not store and log every item exactly once:\n  " + problems.joined(separator: "\n  "))
        }
    }

    /// newsboat on the same farm (the daemon has stopped): a first reload with an empty cache,
    /// an unchanged one, and one after every feed published a new item.
    private func runNewsboat(server: FarmServerProcess) throws -> NewsboatRun.Result {
        guard NewsboatRun.isInstalled else { throw BenchError("--newsboat needs /usr/bin/newsboat (apt-get install newsboat)") }
        let run = try NewsboatRun(feedURLs: (1...farm.feeds).map { server.baseURL + NewsSite.feedPath($0) })
        defer { run.remove() }
        say("newsboat: first reload")
        let first = try run.reload()
        say("newsboat: unchanged reload")
        let unchanged = try run.reload()
        say("newsboat: reload after a new item in every feed")
        try server.bump()
        let changed = try run.reload()
        return NewsboatRun.Result(version: run.version, firstCycle: first, unchangedCycle: unchanged, changedCycle: changed)
    }

    private func setup(_ site: NewsSite, folder: String) -> FarmReport.Setup {
        var pageBytesTotal = 0
        let listed = site.listedItems().map(Array.init) ?? []
        for feed in 1...farm.feeds {
            for item in listed { pageBytesTotal += site.drawnPageSize(feed: feed, item: item) ?? 0 }
        }
        return FarmReport.Setup(
            feeds: farm.feeds, itemsPerFeed: farm.items, arabicFeeds: (1...farm.feeds).filter(site.isArabic(feed:)).count,
            pageKiB: farm.pageKib, pageBytesTotal: pageBytesTotal, workers: workers,
            cpus: ProcessInfo.processInfo.activeProcessorCount, folder: folder)
    }

    /// Waits until every item is processed (or `--timeout`), then checks the end state.
    /// - Returns: when the last article came, or would come at the recent rate.
    private func measureIngest(_ monitor: FarmMonitor, site: NewsSite, into report: inout FarmReport) throws -> Double {
        let daemon = monitor.daemon
        let server = monitor.server
        let expected = report.expected
        let socketReady = monitor.now
        let serverCPUStart = server.sample()?.cpuSeconds ?? 0
        let profiler = try perf.map { try Profiler(pid: daemon.pid, output: $0) }
        let last = try monitor.waitForItems(expected.items, timeout: timeout, stallTimeout: stallTimeout)
        profiler?.stop()
        let ended = last ?? monitor.now
        let processed = monitor.logLines
        let atEnd = ProcessSample.read(pid: daemon.pid)
        let threads = ProcessSample.cpuByThreadName(pid: daemon.pid)
        let serverCPU = (server.sample()?.cpuSeconds ?? 0) - serverCPUStart
        let served = server.requestsServed()
        var extrapolated: Double?
        if last == nil {
            let rate = monitor.recentRate(window: 300) ?? Double(processed) / ended
            extrapolated = ended + Double(expected.items - processed) / max(rate, 1e-9)
            say(String(format: "--timeout: %d of %d items processed in %.0f s; at %.1f items/s all would take %.0f s", processed, expected.items, ended, rate, extrapolated!))
        } else {
            say(String(format: "all %d items processed %.2f s after launch", expected.items, ended))
            try monitor.waitUntilIdle(timeout: 60)
            Thread.sleep(forTimeInterval: 0.5)  // a line logged twice would show now
            try monitor.step()
        }
        let stats = try monitor.connection.call(.stats, as: StatsResult.self)
        let outcome = try FarmVerification.check(
            logPath: daemon.articleLogPath, site: site, baseURL: server.baseURL, stats: stats, complete: last != nil)
        report.verification = outcome.verification
        let first = monitor.firstLineAt
        report.ingest = FarmReport.Ingest(
            socketReadySeconds: socketReady, firstArticleSeconds: first, lastArticleSeconds: last, itemsProcessed: processed,
            endedSeconds: ended, extrapolatedLastArticleSeconds: extrapolated, allFeedsPolledSeconds: monitor.allFeedsPolledAt,
            itemsPerSecond: Double(processed) / ended,
            itemsPerSecondFirstToLast: Double(max(0, processed - 1)) / max(ended - (first ?? 0), 1e-9),
            articlesPerSecond: Double(outcome.verification.byStatus["new", default: 0]) / ended,
            daemonUserSeconds: atEnd?.userSeconds ?? 0, daemonSystemSeconds: atEnd?.systemSeconds ?? 0,
            peakRSSBytes: atEnd?.peakRSSBytes ?? 0, rssAtEndBytes: atEnd?.rssBytes ?? 0, cpuByThread: threads,
            serverCPUSeconds: serverCPU, serverRequests: served?.requests, serverConnectionsOpen: served?.connections,
            latencyMilliseconds: outcome.latencyMilliseconds, warnings: monitor.warnings, firstWarnings: monitor.firstWarnings,
            statsRequestMilliseconds: median(monitor.statsMilliseconds),
            statsRequestMillisecondsMax: monitor.statsMilliseconds.max() ?? 0, statsRequests: monitor.statsMilliseconds.count)
        return last ?? extrapolated ?? ended
    }

    /// The libxml2 floor over the same pages, and the daemon's ratios to it.
    private func measureFloor(_ site: NewsSite, baseURL: String, ingestEnd: Double, into report: inout FarmReport) {
        say("measuring the libxml2 floor: \(min(floorPages ?? report.expected.items, report.expected.items)) of \(report.expected.items) pages on \(floorThreads) threads")
        let floor = ParseFloor.measure(site: site, baseURL: baseURL, threads: floorThreads, sample: floorPages)
        report.floor = floor
        report.ratioToFloor = ingestEnd / max(floor.floorSeconds, 1e-9)
        if let ingest = report.ingest, ingest.itemsProcessed > 0 {
            // Per item, so a run cut short compares like with like.
            let daemonPerItem = (ingest.daemonUserSeconds + ingest.daemonSystemSeconds) / Double(ingest.itemsProcessed)
            report.cpuRatioToFloor = daemonPerItem / max(floor.cpuSeconds / Double(max(1, floor.pages)), 1e-12)
        }
    }
}
