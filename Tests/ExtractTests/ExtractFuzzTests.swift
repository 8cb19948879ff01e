import FeedFarm
import Foundation
import Testing

@testable import Extract

/// Hostile and mutated pages: extraction must return (an article or an error) without
/// crashing, in bounded time and memory, also on a thread with a small stack (Dispatch
/// workers). The suite runs a short seeded round; a long one:
///
///     NEWSD_FUZZ_SECONDS=600 NEWSD_FUZZ_SEED=7 swift test -c release -Xswiftc -enable-testing --filter ExtractFuzzTests
@Suite("Extraction fuzzing")
struct ExtractFuzzTests {
    static let environment = ProcessInfo.processInfo.environment

    /// Pages built to hurt: deep nesting, huge attributes and text, many attributes,
    /// unclosed and misnested tags, broken bytes.
    /// The long round (`NEWSD_FUZZ_SECONDS` set) uses full-size hostile pages; the default
    /// round smaller ones of the same shapes (10^5 nested divs in both).
    static let scale = environment["NEWSD_FUZZ_SECONDS"] == nil ? 20 : 1

    static let hostile: [(String, Data)] = {
        let scale = Self.scale
        func page(_ body: String) -> Data { Data("<html><head><title>t</title></head><body>\(body)</body></html>".utf8) }
        let paragraph = "<p>" + String(repeating: "A sentence of ordinary article text, long enough to score. ", count: 8) + "</p>"
        return [
            ("100000 nested divs", page(String(repeating: "<div>", count: 100_000) + paragraph + String(repeating: "</div>", count: 100_000))),
            ("100000 unclosed divs", page(String(repeating: "<div class=\"content\">x", count: 100_000 / scale))),
            ("nested inline tags in a headline", page("<h1>" + String(repeating: "<b>", count: 50_000) + "T" + "</h1>" + paragraph)),
            ("nested author elements around much text", page(String(repeating: "<div class=\"author\"><a rel=author>", count: 20_000)
                + String(repeating: "Jo Ro ", count: 200_000 / scale))),
            ("nested author element", page("<div class=\"byline\">" + String(repeating: "<span>", count: 50_000) + "Jo Ro</div>" + paragraph)),
            ("nested links", page(String(repeating: "<a href=\"/x\">", count: 20_000 / scale) + paragraph)),
            ("nested lists", page(String(repeating: "<ul><li>", count: 20_000) + paragraph)),
            ("nested tables", page(String(repeating: "<table><tr><td>", count: 20_000) + paragraph)),
            ("a 1 MB class attribute", page("<div class=\"" + String(repeating: "share-content ", count: 75_000 / scale) + "\">" + paragraph + "</div>")),
            ("10000 attributes", page("<div " + (0..<10_000 / scale).map { "a\($0)=\"\($0)\"" }.joined(separator: " ") + ">" + paragraph + "</div>")),
            ("a 16 MB text node (1/scale)", page("<p>" + String(repeating: "word ", count: 3_300_000 / scale) + "</p>")),
            ("a 4 MB word (1/scale)", page("<p>" + String(repeating: "x", count: (4 << 20) / scale) + "</p>")),
            ("100000 distinct paragraphs", page((0..<100_000 / scale).map { "<p>Short line number \($0) of the text.</p>" }.joined())),
            ("100000 br", page("<div>" + String(repeating: "text<br>", count: 100_000 / scale) + "</div>")),
            ("huge JSON-LD", Data(("<html><head><script type=\"application/ld+json\">" + String(repeating: "[", count: 100_000)
                + "</script></head><body>" + paragraph + "</body></html>").utf8)),
            ("entity soup", page("<p>" + String(repeating: "&amp;&#x10FFFF;&#0;&#xD800;&bogus;&", count: 50_000 / scale) + "</p>")),
            ("NUL and control bytes", Data([0x3C, 0x70, 0x3E] + (0..<200_000 / scale).map { UInt8($0 % 32) } + Array("</p>".utf8))),
            ("invalid UTF-8 declared UTF-8", Data("<meta charset=utf-8><p>".utf8) + Data((0..<100_000 / scale).map { UInt8(0x80 | ($0 % 0x7F)) })),
            ("windows-1256 bytes, no declaration", Data("<p>".utf8) + Data((0..<100_000 / scale).map { UInt8(0xC1 + $0 % 0x1A) })),
            ("UTF-16 BOM and odd length", Data([0xFF, 0xFE]) + Data("<\0p\0>\0x".utf8)),
            ("only a tag", Data("<".utf8)),
            ("comment bomb", page(String(repeating: "<!--", count: 100_000) + paragraph)),
            ("javascript links", page(String(repeating: "<p><a href=\"javascript:alert(1)\" onclick=\"x()\">click</a> text text text text text text text text</p>", count: 1000 / scale))),
            ("deep forms and buttons", page(String(repeating: "<form><button><select><label>", count: 10_000) + paragraph)),
        ]
    }()

    /// Runs `body` on a thread with a 1 MiB stack (an eighth of the default).
    @discardableResult
    static func onSmallStack<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<Result>()
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        done.wait()
        return box.value!
    }

    /// Hands a result from the thread to the waiting test (the semaphore orders the accesses).
    final class ResultBox<Value>: @unchecked Sendable {
        var value: Value?
    }

    /// Whether sanitised HTML breaks its allow-list: an element or attribute outside it, or a
    /// link or image address that is not absolute http(s) (or mailto for a link).
    static func isUnsafe(_ html: String) -> Bool {
        let allowedTags: Set<String> = [
            "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "tbody", "tr", "th", "td", "a", "img",
        ]
        var scanner = html.unicodeScalars[...]
        while let open = scanner.firstIndex(of: "<") {
            scanner = scanner[scanner.index(after: open)...]
            guard let close = scanner.firstIndex(of: ">") else { return true }
            let tag = String(scanner[..<close])
            scanner = scanner[scanner.index(after: close)...]
            var name = tag.prefix { $0 != " " }
            if name.hasPrefix("/") { name.removeFirst() }
            guard allowedTags.contains(String(name)) else { return true }
            // Attributes: name="value" pairs, values escaped (no raw quote inside).
            var rest = tag.dropFirst(tag.prefix { $0 != " " }.count)
            while let equals = rest.firstIndex(of: "=") {
                let attribute = rest[..<equals].trimmingCharacters(in: .whitespaces)
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"", let end = rest.dropFirst().firstIndex(of: "\"") else { return true }
                let value = rest[rest.index(after: rest.startIndex)..<end]
                rest = rest[rest.index(after: end)...]
                switch attribute {
                case "href":
                    if !(value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("mailto:")) { return true }
                case "src":
                    if !(value.hasPrefix("http://") || value.hasPrefix("https://")) { return true }
                case "alt":
                    break
                default:
                    return true
                }
            }
            if !rest.trimmingCharacters(in: .whitespaces).isEmpty { return true }
        }
        return false
    }

    @Test("hostile pages: no crash, bounded time, on a small stack")
    func hostilePages() {
        for (name, data) in Self.hostile {
            let started = ContinuousClock.now
            defer { if Self.scale == 1 { print("fuzz: \(name): \(ContinuousClock.now - started)") } }
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                let unsafe = Self.onSmallStack {
                    (try? ArticleExtractor().extract(data, url: "https://fuzz.example/p", contentType: nil)).map { Self.isUnsafe($0.html) } ?? false
                }
                #expect(!unsafe, "\(name)")
            }
            // Generous: a debug build is ten times slower than a release build.
            #expect(elapsed < .seconds(Self.scale == 1 ? 120 : 20), "\(name) took \(elapsed)")
        }
        // Bounded memory: the peak resident size of the whole test process stays moderate.
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #expect(usage.ru_maxrss < 3 << 20, "peak RSS \(usage.ru_maxrss) KiB")
    }

    @Test("seeded mutations of real-looking pages (short round; NEWSD_FUZZ_SECONDS for a long one)")
    func mutations() {
        let seconds = Double(Self.environment["NEWSD_FUZZ_SECONDS"] ?? "") ?? 2
        var generator = SeededRandom(seed: UInt64(Self.environment["NEWSD_FUZZ_SEED"] ?? "") ?? 20_261_129)
        var seeds = [Data(EnglishArticleTests.page.utf8), Data(ArticleHTMLTests.englishPage.utf8), Data(PageBuilderLayoutTests.englishPage.utf8)]
        if Corpus.hasSeed, let seed = try? Corpus.seedFile("page-windows1256.html"), let utf8 = try? Corpus.seedFile("page-utf8.html") {
            seeds += [seed, utf8]
        }
        let deadline = ContinuousClock.now + .seconds(seconds)
        var runs = 0
        while ContinuousClock.now < deadline {
            var page = seeds[Int(generator.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(generator.next() % 8)) { page = Self.mutate(page, &generator, seeds: seeds) }
            let contentType = ["text/html", "text/html; charset=windows-1256", "text/html; charset=utf-8", nil][Int(generator.next() % 4)]
            let input = page
            let unsafeHTML = Self.onSmallStack { () -> String? in
                guard let article = try? ArticleExtractor().extract(input, url: "https://fuzz.example/a/b", contentType: contentType),
                    Self.isUnsafe(article.html)
                else { return nil }
                return article.html
            }
            if let unsafeHTML {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("newsd-fuzz-failure-\(runs).html")
                try? input.write(to: file)
                Issue.record("unsafe HTML from the page saved in \(file.path): \(unsafeHTML.prefix(300))")
                break
            }
            runs += 1
        }
        print("fuzz: \(runs) mutated pages in \(seconds) s (seed \(Self.environment["NEWSD_FUZZ_SEED"] ?? "20261129"))")
        #expect(runs > 0)
    }

    static let fragments = [
        "<div>", "</div>", "<p>", "</p>", "<table><tr><td>", "<ul><li>", "<a href='javascript:x'>", "<br>", "<br><br>",
        "<script>", "<style>", "<!--", "-->", "<![CDATA[", "&amp;", "&#x0;", "\u{0}", "<h2>", "<article>", "<nav>",
        "<div class='share related comments'>", "<div hidden>", "<img src='//x/y.png' onerror=x>", "اقرأ أيضاً: ",
        "Read more: ", "<meta charset='windows-1256'>", "<time datetime='2024-13-45'>", "<span class='author'>By ",
        "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":", "\u{FEFF}", "\u{202E}",
    ].map { Data($0.utf8) }

    static func mutate(_ page: Data, _ generator: inout SeededRandom, seeds: [Data]) -> Data {
        var bytes = [UInt8](page)
        let position = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
        switch generator.next() % 7 {
        case 0:  // flip bytes
            for _ in 0..<(1 + Int(generator.next() % 16)) where !bytes.isEmpty {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
        case 1:  // insert a markup fragment
            bytes.insert(contentsOf: fragments[Int(generator.next() % UInt64(fragments.count))], at: position)
        case 2:  // delete a range
            let length = min(bytes.count - position, Int(generator.next() % 512))
            bytes.removeSubrange(position..<position + length)
        case 3:  // duplicate a range many times
            let length = min(bytes.count - position, 1 + Int(generator.next() % 256))
            let slice = bytes[position..<position + length]
            for _ in 0..<(1 + Int(generator.next() % 64)) { bytes.insert(contentsOf: slice, at: position) }
        case 4:  // splice with another seed
            let other = [UInt8](seeds[Int(generator.next() % UInt64(seeds.count))])
            let cut = other.isEmpty ? 0 : Int(generator.next() % UInt64(other.count))
            bytes = Array(bytes[..<position]) + other[cut...]
        case 5:  // truncate
            bytes = Array(bytes[..<position])
        default:  // nest a fragment deeply
            let fragment = fragments[Int(generator.next() % 8)]
            for _ in 0..<(1 + Int(generator.next() % 2000)) { bytes.insert(contentsOf: fragment, at: position) }
        }
        return Data(bytes)
    }
}
