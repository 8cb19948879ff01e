internal import CCurl
import Foundation

/// The fetcher thread's work: moves queued requests onto the multi handle, drives it, and hands
/// finished transfers to their completions. Lives and dies on that one thread.
final class TransferLoop {
    private let core: FetcherCore
    private let multi: CurlMulti
    /// Transfers on the multi handle, by easy handle.
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]

    init(core: FetcherCore) throws(FetchError) {
        self.core = core
        do {
            multi = try CurlMulti()
            try multi.set(CURLMOPT_MAX_HOST_CONNECTIONS, core.configuration.maxConnectionsPerHost)
        } catch {
            throw FetchError(code: .setup, url: "", message: "libcurl multi handle: \(error)")
        }
    }

    var waker: CurlMulti.Waker { multi.waker }

    /// Runs until shutdown, then cancels whatever is left.
    func run() {
        let limit = core.configuration.maxConcurrentTransfers
        while let jobs = core.take(limit: limit - running.count, running: running.count) {
            for job in jobs { start(job) }
            do {
                try multi.perform()
                while let (easy, code) = multi.nextFinished() { finish(easy, code) }
                try multi.poll(milliseconds: 1000)
            } catch {
                failAll(error)
                Thread.sleep(forTimeInterval: 0.1)  // do not spin if the multi handle stays broken
            }
        }
        cancelAll()
    }

    private func start(_ job: FetcherCore.Job) {
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
        running[transfer.easy.handle] = transfer
    }

    private func finish(_ easy: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let transfer = running.removeValue(forKey: easy) else { return }
        multi.remove(transfer.easy)
        let result = transfer.result(for: code)
        core.finished()
        transfer.completion(result)
    }

    /// A multi-level failure (out of memory, a broken wake-up pipe): fail every running transfer
    /// rather than leave them hanging.
    private func failAll(_ error: CurlError) {
        let failed = running.values
        running.removeAll()
        for transfer in failed {
            multi.remove(transfer.easy)
            core.finished()
            let url = transfer.request.url
            transfer.completion(.failure(FetchError(code: .transfer, url: url, message: "\(url): \(error)")))
        }
    }

    private func cancelAll() {
        let queued = core.drainForExit()
        let inFlight = running.values
        running.removeAll()
        for transfer in inFlight { multi.remove(transfer.easy) }
        for transfer in inFlight { transfer.completion(.failure(FetcherCore.cancelled(transfer.request.url))) }
        for job in queued { job.completion(.failure(FetcherCore.cancelled(job.request.url))) }
    }
}
