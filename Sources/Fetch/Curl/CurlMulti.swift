internal import CCurl
internal import CNewsdShim

/// One libcurl multi handle: owns it, frees it in `deinit`, and is the only place that drives it.
///
/// Not thread-safe: it belongs to the fetcher thread from creation to destruction. The one
/// exception libcurl allows, `curl_multi_wakeup`, is reached through `Waker`.
final class CurlMulti {
    /// The `CURLM *`.
    private let handle: UnsafeMutableRawPointer

    init() throws(CurlError) {
        guard let handle = curl_multi_init() else {
            throw CurlError(call: "curl_multi_init", subject: "", code: CURLM_OUT_OF_MEMORY)
        }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    /// Sets a `long` multi option.
    func set(_ option: CURLMoption, _ value: Int) throws(CurlError) {
        try check("curl_multi_setopt", "option \(option.rawValue)", CNewsdShim_curl_multi_setopt_long(handle, option, value))
    }

    /// Starts driving a transfer.
    func add(_ easy: CurlEasy) throws(CurlError) {
        try check("curl_multi_add_handle", "", curl_multi_add_handle(handle, easy.handle))
    }

    /// Stops driving a transfer; it may then be freed or reused.
    func remove(_ easy: CurlEasy) {
        curl_multi_remove_handle(handle, easy.handle)
    }

    /// Moves every transfer as far as it can go without blocking.
    func perform() throws(CurlError) {
        var running: Int32 = 0
        try check("curl_multi_perform", "", curl_multi_perform(handle, &running))
    }

    /// Waits until a transfer has something to do, libcurl's next timer fires, `Waker.wakeup()`
    /// is called, or `milliseconds` pass.
    func poll(milliseconds: Int32) throws(CurlError) {
        var ready: Int32 = 0
        try check("curl_multi_poll", "", curl_multi_poll(handle, nil, 0, milliseconds, &ready))
    }

    /// The next finished transfer: its easy handle and result, or nil when none is left.
    func nextFinished() -> (easy: UnsafeMutableRawPointer, result: CURLcode)? {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(handle, &queued) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return (easy, message.pointee.data.result)
            }
        }
        return nil
    }

    /// Wakes this multi handle's `poll` from any thread.
    var waker: Waker { Waker(handle: handle) }

    private func check(_ call: String, _ subject: String, _ code: CURLMcode) throws(CurlError) {
        guard code == CURLM_OK else { throw CurlError(call: call, subject: subject, code: code) }
    }

    /// Calls `curl_multi_wakeup`, the one multi function libcurl allows from any thread.
    ///
    /// It is `@unchecked Sendable` because it holds the raw handle: the owner must make sure the
    /// `CurlMulti` outlives every `wakeup()` (`HTTPFetcher` calls it only under its lock, and
    /// forgets the waker under that lock before the fetcher thread frees the multi handle).
    struct Waker: @unchecked Sendable {
        fileprivate let handle: UnsafeMutableRawPointer

        func wakeup() {
            curl_multi_wakeup(handle)
        }
    }
}
