import Control
import FeedFarm
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Seeded random mutation of control-protocol lines: every line is either read as a request or
/// rejected with a parse or invalid-request error, and a request's params either decode as the
/// method's params type or are rejected as invalid params; nothing crashes or hangs, and every
/// rejection can be sent back as one line of JSON.
///
/// A long run (the budget is CPU seconds; `NEWSD_FUZZ_SEED` picks another sequence):
///
///     NEWSD_FUZZ_SECONDS=600 swift test --filter RPCRequestFuzzTests
@Suite struct RPCRequestFuzzTests {
    /// The params type each method decodes (methods without params decode nothing).
    static let paramsDecoders: [String: @Sendable (RPCRequest) throws -> Void] = [
        "feed.add": { _ = try $0.decodeParams(FeedAddParams.self) },
        "feed.remove": { _ = try $0.decodeParams(FeedReference.self) },
        "feed.poll": { _ = try $0.decodeParams(FeedReference.self) },
        "feed.show": { _ = try $0.decodeParams(FeedReference.self) },
        "feed.pause": { _ = try $0.decodeParams(FeedReference.self) },
        "feed.resume": { _ = try $0.decodeParams(FeedReference.self) },
        "feed.set": { _ = try $0.decodeParams(FeedSetParams.self) },
        "article.get": { _ = try $0.decodeParams(ArticleGetParams.self) },
        "article.list": { _ = try $0.decodeParams(ArticleListParams.self) },
        "article.search": { _ = try $0.decodeParams(ArticleSearchParams.self) },
        "tail": { _ = try $0.decodeParams(TailParams.self) },
        "jobs.list": { _ = try $0.decodeParams(JobsListParams.self) },
        "jobs.retry": { _ = try $0.decodeParams(JobsRetryParams.self) },
        "opml.import": { _ = try $0.decodeParams(OPMLImportParams.self) },
    ]

    /// One valid line for every method, plus a few that are valid JSON-RPC in unusual ways.
    static func seeds() throws -> [[UInt8]] {
        let requests: [RPCRequest] = [
            try RPCRequest(id: .number(1), method: .feedAdd, params: FeedAddParams(url: "https://news.example/rss", interval: "10m", tags: ["عربي", "world"], check: false)),
            try RPCRequest(id: .number(2), method: .feedRemove, params: FeedReference(id: 7)),
            try RPCRequest(id: .string("p"), method: .feedPoll, params: FeedReference(all: true)),
            try RPCRequest(id: .number(4), method: .feedShow, params: FeedReference(url: "https://news.example/rss")),
            try RPCRequest(id: .number(5), method: .feedSet, params: FeedSetParams(id: 3, interval: "2h", tags: ["a"])),
            try RPCRequest(id: .number(6), method: .articleGet, params: ArticleGetParams(id: 42)),
            try RPCRequest(id: .number(7), method: .articleList, params: ArticleListParams(feed: "3", lang: "ar", status: "new", since: "2h", limit: 20)),
            try RPCRequest(id: .number(8), method: .articleSearch, params: ArticleSearchParams(query: "إقرأ أيضاً الأخبار", lang: "ar", limit: 5)),
            try RPCRequest(id: .number(9), method: .tail, params: TailParams(follow: true, last: 5, tag: "ar", status: .duplicate)),
            try RPCRequest(id: .number(10), method: .jobsList, params: JobsListParams(state: "dead", limit: 3)),
            try RPCRequest(id: .number(11), method: .jobsRetry, params: JobsRetryParams(allDead: true)),
            try RPCRequest(id: .number(12), method: .opmlImport, params: OPMLImportParams(
                feeds: [OPMLImportFeed(url: "https://a.example/feed", title: "A", tags: ["x", "y"])], interval: "1h")),
            RPCRequest(id: .number(13), method: "version"),
            RPCRequest(id: nil, method: "stats"),
            RPCRequest(id: .number(15), method: "metrics", params: .object([:])),
        ]
        var seeds = try requests.map { Array(try ControlCoding.line($0).dropLast()) }
        seeds.append(Array(#"{"jsonrpc":"2.0","method":"feed.list","params":[],"id":"\u0639"}"#.utf8))
        seeds.append(Array(#"{"id":-3,"method":"version","jsonrpc":"2.0","future":{"a":[1,2,{"b":null}]}}"#.utf8))
        return seeds
    }

    /// Fragments that JSON parsers and the request reader treat specially.
    static let tokens: [String] = [
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "\\uDC00x", "null", "true", "false", "-0", "1e999",
        "-9223372036854775809", "9223372036854775807", "0.5", "1E-400", "\"2.0\"", "\"jsonrpc\"", "\"method\"", "\"params\"",
        "\"id\"", "\"url\"", "\"feed.add\"", "\"tail\"", "عربي", "\u{FEFF}", "\u{0}", "\u{7F}", "\t", "\r", " ",
    ]

    static func mutate(_ seed: [UInt8], _ random: inout SeededRandom, seeds: [[UInt8]]) -> [UInt8] {
        var bytes = seed
        for _ in 0..<(1 + random.below(6)) {
            let at = bytes.isEmpty ? 0 : random.below(bytes.count + 1)
            switch random.below(9) {
            case 0 where !bytes.isEmpty:  // flip a bit
                let i = random.below(bytes.count)
                bytes[i] ^= UInt8(1 << random.below(8))
            case 1:  // a random byte
                bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
            case 2:  // a special token
                bytes.insert(contentsOf: Array(tokens[random.below(tokens.count)].utf8), at: at)
            case 3 where !bytes.isEmpty:  // delete a range
                let end = min(bytes.count, at + 1 + random.below(16))
                if at < end { bytes.removeSubrange(at..<end) }
            case 4 where !bytes.isEmpty:  // truncate
                bytes.removeSubrange(random.below(bytes.count)...)
            case 5 where !bytes.isEmpty:  // repeat a range
                let start = random.below(bytes.count)
                let end = min(bytes.count, start + 1 + random.below(64))
                bytes.insert(contentsOf: Array(bytes[start..<end]), at: at)
            case 6:  // splice another seed
                let other = seeds[random.below(seeds.count)]
                let start = random.below(other.count)
                bytes.insert(contentsOf: other[start...], at: at)
            case 7:  // deep nesting
                let depth = 1 + random.below(20_000)
                let open: UInt8 = random.below(2) == 0 ? UInt8(ascii: "[") : UInt8(ascii: "{")
                bytes.insert(contentsOf: [UInt8](repeating: open, count: depth), at: at)
            default:  // a long string or number
                bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: random.below(2) == 0 ? "9" : "a"), count: random.below(100_000)), at: at)
            }
        }
        return bytes
    }

    /// Reads one line the way the server does; returns which way it went.
    static func exercise(_ line: [UInt8]) throws -> Bool {
        let request: RPCRequest
        do {
            request = try RPCRequest.read(line: line)
        } catch {
            #expect([.parseError, .invalidRequest].contains(error.error.code))
            let reply = try ControlCoding.line(error.response)
            #expect(reply.filter { $0 == UInt8(ascii: "\n") }.count == 1)
            _ = try ControlCoding.decode(RPCResponse.self, from: reply)
            return false
        }
        guard let decodeParams = paramsDecoders[request.method] else { return true }
        do {
            try decodeParams(request)
        } catch let error as RPCError {
            #expect(error.code == .invalidParams)
            _ = try ControlCoding.decode(RPCResponse.self, from: try ControlCoding.line(RPCResponse(id: request.id, error: error)))
        }
        return true
    }

    @Test func seedsAreRequestsWhoseParamsDecode() throws {
        for seed in try Self.seeds() {
            let request = try RPCRequest.read(line: seed)
            if let decodeParams = Self.paramsDecoders[request.method] { try decodeParams(request) }
        }
    }

    @Test(arguments: ["1e300", "-1e300", "1.5", "true", "[1]", "{}"])
    func anIdThatIsNeitherAStringNorAnIntegerIsRejected(id: String) throws {
        #expect(throws: RPCRejection(id: nil, error: RPCError(.invalidRequest, "\"id\" must be a string or an integer"))) {
            try RPCRequest.read(line: Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"version"}"#.utf8))
        }
        #expect(try RPCRequest.read(line: Array(#"{"jsonrpc":"2.0","id":null,"method":"version"}"#.utf8)).id == nil)
        #expect(try RPCRequest.read(line: Array(#"{"jsonrpc":"2.0","id":-42,"method":"version"}"#.utf8)).id == .number(-42))
    }

    /// Foundation's JSONDecoder traps on a document that reaches 513 levels at its last byte.
    @Test(arguments: ["", #"{"jsonrpc":"2.0","method":"version","params":"#, "[1,"])
    func deepNestingIsRejectedBeforeTheDecoderSeesIt(prefix: String) throws {
        for depth in [33, 512, 513, 514, 100_000] {
            let line = Array(prefix.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: depth)
            #expect(throws: RPCRejection.self) { try RPCRequest.read(line: line) }
        }
        let nested = #"{"jsonrpc":"2.0","id":1,"method":"feed.add","params":{"url":"[[[[{{{{\"]]","tags":[["a"]]}}"#
        #expect(try RPCRequest.read(line: Array(nested.utf8)).method == "feed.add")
    }

    @Test func mutatedLinesAreReadOrRejectedNeverCrashOrHang() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = Double(environment["NEWSD_FUZZ_SECONDS"] ?? "") ?? 1
        var random = SeededRandom(seed: UInt64(environment["NEWSD_FUZZ_SEED"] ?? "") ?? 20_261_129)
        let seeds = try Self.seeds()
        let clock = ContinuousClock()
        let deadline = Self.cpuSeconds() + seconds
        var read = 0
        var rejected = 0
        var slowest = Duration.zero
        // In long runs every line is written down first and removed once read, so a crash leaves it behind.
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-rpc-fuzz-line.bin")
        while Self.cpuSeconds() < deadline {
            let line = Self.mutate(seeds[random.below(seeds.count)], &random, seeds: seeds)
            if seconds > 30 { try Data(line).write(to: saved) }
            var wasRead = false
            let elapsed = try clock.measure { wasRead = try Self.exercise(line) }
            slowest = max(slowest, elapsed)
            #expect(elapsed < .seconds(2), "a \(line.count)-byte line took \(elapsed): \(String(decoding: line.prefix(200), as: UTF8.self))")
            if wasRead { read += 1 } else { rejected += 1 }
        }
        if seconds > 30 { try? FileManager.default.removeItem(at: saved) }
        #expect(read > 0 && rejected > 0, "read \(read), rejected \(rejected)")
        print("fuzz: \(read + rejected) lines (\(read) read as requests, \(rejected) rejected) in \(seconds) s of CPU, slowest \(slowest)")
    }

    /// This thread's CPU time in seconds.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
