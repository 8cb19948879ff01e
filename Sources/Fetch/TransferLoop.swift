internal import CCurl
import Foundation

/// The fetcher thread's work: moves queued requests onto the multi handle, drives it, and hands
/// finished transfers to their completions. Lives and dies on that one thread.
///
/// Requests wait here, per host, until their host has a free connection and the total allows
/// one more transfer; only then are they added to the multi handle. (libcurl's own per-host
/// queueing would start the time-out clocks of waiting transfers, so a busy host would make
/// them time out without ever being sent.) Waiting hosts are served in turn.
final class TransferLoop {
    private let core: FetcherCore
    private let multi: CurlMulti
    /// Transfers on the multi handle, by easy handle, with the host they count against.
    private var running: [UnsafeMutableRawPointer: (transfer: Transfer, host: String)] = [:]
    /// Requests waiting for their host, oldest first, and the hosts with any, in turn.
    private var waiting: [String: [FetcherCore.Job]] = [:]
    private var waitingHosts: [String] = []
    private var waitingCount = 0
    private var connectionsPerHost: [String: Int] = [:]
    private var rateLimiter: HostRateLimiter?
    /// How long until a host held back by its request rate may start one more.
    private var nextTokenIn: Duration?

    init(core: FetcherCore) throws(FetchError) {
        self.core = core
        do {
            multi = try CurlMulti()
            rateLimiter = core.configuration.maxRequestsPerSecondPerHost.map { HostRateLimiter(rate: $0, burst: max(1, 2 * $0)) }
        } catch {
            throw FetchError(code: .setup, url: "", message: "libcurl multi handle: \(error)")
        }
    }

    var waker: CurlMulti.Waker { multi.waker }

    /// Runs until shutdown, then cancels whatever is left.
    func run() {
        while let jobs = core.take(held: running.count + waitingCount) {
            for job in jobs { hold(job) }
            startWaiting()
            do {
                try multi.perform()
                var finishedAny = false
                while let (easy, code) = multi.nextFinished() {
                    finish(easy, code)
                    finishedAny = true
                }
                if finishedAny && waitingCount > 0 { continue }  // their hosts may have room now
                try multi.poll(milliseconds: pollTimeout)
            } catch {
                failAll(error)
                Thread.sleep(forTimeInterval: 0.1)  // do not spin if the multi handle stays broken
            }
        }
        cancelAll()
    }

    /// How long to wait for activity: a second, or less when a rate-limited host gets a token sooner.
    private var pollTimeout: Int32 {
        guard let wait = nextTokenIn else { return 1000 }
        let milliseconds = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
        return Int32(min(1000, max(1, milliseconds)))
    }

    /// The host (and port) a request counts against.
    static func hostKey(_ url: String) -> String {
        FetchRequest.host(of: url)
    }

    private func hold(_ job: FetcherCore.Job) {
        let host = Self.hostKey(job.request.url)
        if waiting[host] == nil { waitingHosts.append(host) }
        waiting[host, default: []].append(job)
        waitingCount += 1
    }

    /// Starts waiting requests, a host at a time in turn, while the limits allow.
    private func startWaiting() {
        let perHost = core.configuration.maxConnectionsPerHost
        var index = 0
        nextTokenIn = nil
        while running.count < core.configuration.maxConcurrentTransfers, index < waitingHosts.count {
            let host = waitingHosts[index]
            guard connectionsPerHost[host, default: 0] < perHost, var queue = waiting[host] else {
                index += 1
                continue
            }
            if let wait = rateLimiter?.take(host) {
                nextTokenIn = min(nextTokenIn ?? wait, wait)
                index += 1
                continue
            }
            let job = queue.removeFirst()
            waitingCount -= 1
            if queue.isEmpty {
                waiting[host] = nil
                waitingHosts.remove(at: index)
            } else {
                waiting[host] = queue
                index += 1
            }
            start(job, host: host)
        }
    }

    private func start(_ job: FetcherCore.Job, host: String) {
        let transfer: Transfer
        do {
            transfer = try Transfer(
                request: job.request, configuration: core.configuration, policy: core.policy,
                completion: job.completion)
            try multi.add(transfer.easy)
        } catch let error as FetchError {
            core.finished()
            job.completion(.failure(error))
            return
        } catch {
            core.finished()
            let url = job.request.url
            job.completion(.failure(FetchError(code: .setup, url: url, message: "\(url): cannot start: \(error)")))
            return
        }
        running[transfer.easy.handle] = (transfer, host)
        connectionsPerHost[host, default: 0] += 1
    }

    private func finish(_ easy: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let (transfer, host) = running.removeValue(forKey: easy) else { return }
        release(host)
        multi.remove(transfer.easy)
        let result = transfer.result(for: code)
        core.finished()
        transfer.completion(result)
    }

    /// A multi-level failure (out of memory, a broken wake-up pipe): fail every running transfer
    /// rather than leave them hanging.
    private func failAll(_ error: CurlError) {
        let failed = running.values.map(\.transfer)
        running.removeAll()
        connectionsPerHost.removeAll()
        for transfer in failed {
            multi.remove(transfer.easy)
            core.finished()
            let url = transfer.request.url
            transfer.completion(.failure(FetchError(code: .transfer, url: url, message: "\(url): \(error)")))
        }
    }

    private func release(_ host: String) {
        let count = connectionsPerHost[host, default: 1] - 1
        connectionsPerHost[host] = count > 0 ? count : nil
    }

    private func cancelAll() {
        let queued = core.drainForExit() + waitingHosts.flatMap { waiting[$0] ?? [] }
        waiting.removeAll()
        waitingHosts.removeAll()
        waitingCount = 0
        let inFlight = running.values.map(\.transfer)
        running.removeAll()
        for transfer in inFlight { multi.remove(transfer.easy) }
        for transfer in inFlight { transfer.completion(.failure(FetcherCore.cancelled(transfer.request.url))) }
        for job in queued { job.completion(.failure(FetcherCore.cancelled(job.request.url))) }
    }
}
