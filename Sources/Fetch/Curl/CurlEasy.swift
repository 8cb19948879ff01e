internal import CCurl
internal import CNewsdShim

/// libcurl's process-wide initialisation, done exactly once.
///
/// `curl_global_init` must run before any other thread uses libcurl; `HTTPFetcher.init` calls
/// `initialize()` before anything else, and Swift runs a static `let` initialiser only once.
/// (This libcurl is built thread-safe, so even a first call racing another is sound.)
enum CurlGlobal {
    /// What `curl_global_init(CURL_GLOBAL_ALL)` returned.
    private static let result: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Initialises libcurl on first use.
    ///
    /// - Throws: `FetchError.Code.setup` when libcurl cannot initialise.
    static func initialize() throws(FetchError) {
        guard result == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(result))
            throw FetchError(code: .setup, url: "", message: "libcurl could not initialise: \(reason)")
        }
    }
}

/// A libcurl call that failed: which call, on what, and the code it returned.
struct CurlError: Error, CustomStringConvertible {
    /// The C function, e.g. `"curl_easy_setopt"`.
    let call: String
    /// What it was working on, e.g. `"option 10002"`.
    let subject: String
    /// libcurl's own explanation of the code.
    let reason: String

    var description: String { "\(call)(\(subject)): \(reason)" }

    init(call: String, subject: String, code: CURLcode) {
        self.call = call
        self.subject = subject
        self.reason = String(cString: curl_easy_strerror(code))
    }

    init(call: String, subject: String, code: CURLMcode) {
        self.call = call
        self.subject = subject
        self.reason = String(cString: curl_multi_strerror(code))
    }
}

/// One libcurl easy handle: owns it, frees it in `deinit`, and is the only place that sets or reads
/// its options.
///
/// Not thread-safe: it belongs to the fetcher thread from creation to destruction.
final class CurlEasy {
    /// The `CURL *`.
    let handle: UnsafeMutableRawPointer
    /// Where libcurl writes a detailed message when a transfer fails (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Header lists libcurl reads while the transfer runs; kept alive until the handle is freed.
    private var headerLists: [CurlHeaderList] = []

    init() throws(CurlError) {
        guard let handle = curl_easy_init() else {
            throw CurlError(call: "curl_easy_init", subject: "", code: CURLE_FAILED_INIT)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        do {
            try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        } catch {
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw error
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The detailed message libcurl left for the last failure, or `""`.
    var errorText: String { String(cString: errorBuffer) }

    // MARK: Options

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(option, CNewsdShim_curl_easy_setopt_long(handle, option, value))
    }

    /// Sets a `long` option to 1 or 0.
    func set(_ option: CURLoption, _ value: Bool) throws(CurlError) {
        try set(option, value ? 1 : 0)
    }

    /// Sets a `curl_off_t` option.
    func set(_ option: CURLoption, offset value: Int64) throws(CurlError) {
        try check(option, CNewsdShim_curl_easy_setopt_off_t(handle, option, curl_off_t(value)))
    }

    /// Sets a string option; libcurl keeps its own copy.
    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        let code = value.withCString { CNewsdShim_curl_easy_setopt_string(handle, option, $0) }
        try check(option, code)
    }

    /// Sets a pointer option (callback data, buffers). The caller keeps the pointee alive.
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(option, CNewsdShim_curl_easy_setopt_pointer(handle, option, value))
    }

    /// Sets a `curl_slist` option and keeps the list alive as long as this handle.
    func set(_ option: CURLoption, _ list: CurlHeaderList) throws(CurlError) {
        try check(option, CNewsdShim_curl_easy_setopt_slist(handle, option, list.head))
        headerLists.append(list)
    }

    /// Sets `CURLOPT_WRITEFUNCTION` or `CURLOPT_HEADERFUNCTION` (both take a write callback).
    func set(_ option: CURLoption, callback: curl_write_callback) throws(CurlError) {
        try check(option, CNewsdShim_curl_easy_setopt_write_function(handle, option, callback))
    }

    /// Sets `CURLOPT_OPENSOCKETFUNCTION`.
    func setOpenSocketFunction(_ callback: curl_opensocket_callback) throws(CurlError) {
        try check(CURLOPT_OPENSOCKETFUNCTION, CNewsdShim_curl_easy_setopt_opensocket_function(handle, callback))
    }

    private func check(_ option: CURLoption, _ code: CURLcode) throws(CurlError) {
        guard code == CURLE_OK else {
            throw CurlError(call: "curl_easy_setopt", subject: "option \(option.rawValue)", code: code)
        }
    }

    // MARK: Information

    /// A `long` piece of transfer information, or nil if libcurl has none.
    func info(long info: CURLINFO) -> Int? {
        var value = 0
        return CNewsdShim_curl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : nil
    }

    /// A `curl_off_t` piece of transfer information, or nil if libcurl has none (-1 means unknown).
    func info(offset info: CURLINFO) -> Int64? {
        var value: curl_off_t = -1
        guard CNewsdShim_curl_easy_getinfo_off_t(handle, info, &value) == CURLE_OK, value >= 0 else { return nil }
        return Int64(value)
    }

    /// A string piece of transfer information, or nil if libcurl has none.
    func info(string info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard CNewsdShim_curl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }
}
