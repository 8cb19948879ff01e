import Foundation

/// A synthetic news site for the demo, tests and benchmarks: `feeds` feeds (RSS 2.0 and Atom
/// in turn, English and Arabic in turn) whose items appear over time, and an article page for
/// each item with real page furniture (navigation, share bar, promo lines, related box).
///
/// Every fifth item is a wire story: all feeds of a language carry it under their own URL, and
/// its page names one shared canonical URL, so it is a duplicate everywhere but once.
///
/// Pages are small by default; with `pageBytes` set, each page also carries the furniture of a
/// real news page (inline scripts and JSON state, style sheets, mega menus, ad slots, story
/// cards, comments, footers) up to a size drawn per page, so benchmarks parse realistic bytes.
/// Everything is generated on request, deterministically: the same URL always gets the same bytes.
public struct NewsSite: Sendable {
    /// What the site serves.
    public struct Configuration: Sendable {
        public var feeds: Int
        /// Items in each feed when the site starts.
        public var initialItems: Int
        /// How many of the latest items a feed lists.
        public var itemsPerFeed: Int
        /// A new item appears in every feed this often; nil means never.
        public var publishInterval: TimeInterval?
        /// Paragraphs per article.
        public var paragraphs: ClosedRange<Int>
        /// Every `arabicEvery`-th feed is Arabic (2: half of them, 3: a third), the rest English.
        public var arabicEvery: Int
        /// Article page sizes in bytes, drawn per page from a log-normal distribution whose median
        /// is the geometric mean of the bounds (30...200 KiB: about 78 KiB) and clamped to them;
        /// nil serves the bare small pages.
        public var pageBytes: ClosedRange<Int>?

        public init(
            feeds: Int, initialItems: Int = 5, itemsPerFeed: Int = 20, publishInterval: TimeInterval? = nil,
            paragraphs: ClosedRange<Int> = 6...14, arabicEvery: Int = 2, pageBytes: ClosedRange<Int>? = nil
        ) {
            precondition(arabicEvery >= 1, "arabicEvery must be at least 1")
            self.feeds = feeds
            self.initialItems = initialItems
            self.itemsPerFeed = itemsPerFeed
            self.publishInterval = publishInterval
            self.paragraphs = paragraphs
            self.arabicEvery = arabicEvery
            self.pageBytes = pageBytes
        }
    }

    public let configuration: Configuration
    /// When the site began publishing; item dates count from it.
    public let startedAt: Date

    public init(configuration: Configuration, startedAt: Date = Date()) {
        self.configuration = configuration
        self.startedAt = startedAt
    }

    /// The path of feed `n` (1-based).
    public static func feedPath(_ n: Int) -> String { "/feeds/\(n).xml" }

    public func isArabic(feed: Int) -> Bool { feed % configuration.arabicEvery == 0 }

    /// How many items feed `feed` has published by `now`.
    public func publishedCount(at now: Date = Date()) -> Int {
        guard let interval = configuration.publishInterval, interval > 0 else { return configuration.initialItems }
        return configuration.initialItems + max(0, Int(now.timeIntervalSince(startedAt) / interval))
    }

    /// Answers a request for a feed or an article page (404 for anything else). Links use the
    /// request's `Host`, so the site works on whatever port it was given.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let baseURL = "http://" + (request.header("Host") ?? "127.0.0.1")
        let parts = request.path.split(separator: "/").map(String.init)
        if parts.count == 2, parts[0] == "feeds", let n = Int(parts[1].hasSuffix(".xml") ? parts[1].dropLast(4) : parts[1][...]),
            (1...configuration.feeds).contains(n)
        {
            return feedResponse(n, request: request, baseURL: baseURL)
        }
        if parts.count == 3, parts[0] == "articles", let feed = Int(parts[1]), (1...configuration.feeds).contains(feed),
            let item = Int(parts[2].hasSuffix(".html") ? parts[2].dropLast(5) : parts[2][...]), (1...publishedCount()).contains(item)
        {
            return .ok(articlePageBytes(feed: feed, item: item, baseURL: baseURL), contentType: "text/html; charset=utf-8")
        }
        if request.path == "/" {
            let links = (1...configuration.feeds).map { "<li><a href=\"\(Self.feedPath($0))\">feed \($0)</a></li>" }.joined()
            return .ok("<html><body><h1>newsd demo site</h1><ul>\(links)</ul></body></html>", contentType: "text/html; charset=utf-8")
        }
        return .status(404)
    }

    private func feedResponse(_ n: Int, request: HTTPRequest, baseURL: String) -> HTTPResponse {
        let count = publishedCount()
        let etag = "\"feed-\(n)-\(count)\""
        let lastModified = httpDate(published(item: count))
        if request.header("If-None-Match") == etag {
            return .status(304, headers: [("ETag", etag), ("Last-Modified", lastModified)])
        }
        let items = Array(max(1, count - configuration.itemsPerFeed + 1)...max(1, count)).reversed().filter { _ in count > 0 }
        let body = n % 2 == 1 ? rss(n, items: items, baseURL: baseURL) : atom(n, items: items, baseURL: baseURL)
        let type = n % 2 == 1 ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8"
        return .ok(body, contentType: type, headers: [("ETag", etag), ("Last-Modified", lastModified)])
    }

    func published(item: Int) -> Date {
        let interval = configuration.publishInterval ?? 600
        return startedAt.addingTimeInterval(Double(item - configuration.initialItems) * interval)
    }

    /// Whether an item is a wire story, carried by every feed of its language.
    public func isWire(item: Int) -> Bool { item % 5 == 0 }

    func headline(feed: Int, item: Int) -> String {
        SyntheticText.headline(seed: storySeed(feed: feed, item: item), arabic: isArabic(feed: feed))
    }

    /// The seed of an item's story: the same for a wire story in every feed of a language.
    private func storySeed(feed: Int, item: Int) -> UInt64 {
        UInt64(isWire(item: item) ? 1_000_000 + item : feed * 100_003 + item)
    }

    func articlePath(feed: Int, item: Int) -> String { "/articles/\(feed)/\(item).html" }

    /// The link feed `feed` gives for `item`: RSS feeds (odd) add a tracking query, Atom feeds
    /// (even) link the bare page.
    public func itemURL(feed: Int, item: Int, baseURL: String) -> String {
        baseURL + articlePath(feed: feed, item: item) + (feed % 2 == 1 ? "?utm_source=rss" : "")
    }

    private func rss(_ n: Int, items: [Int], baseURL: String) -> String {
        let language = isArabic(feed: n) ? "ar" : "en"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
            <title>\(escape(isArabic(feed: n) ? "أخبار تجريبية \(n)" : "Demo News \(n)"))</title>
            <link>\(baseURL)/</link><description>newsd demo feed \(n)</description><language>\(language)</language>\n
            """
        for item in items {
            xml += """
                <item><title>\(escape(headline(feed: n, item: item)))</title>
                <link>\(itemURL(feed: n, item: item, baseURL: baseURL))</link>
                <guid isPermaLink="false">demo-\(n)-\(item)</guid>
                <pubDate>\(httpDate(published(item: item)))</pubDate>
                <description>\(escape(firstParagraph(feed: n, item: item)))</description></item>\n
                """
        }
        return xml + "</channel></rss>\n"
    }

    private func atom(_ n: Int, items: [Int], baseURL: String) -> String {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(isArabic(feed: n) ? "ar" : "en")">
            <title>\(escape(isArabic(feed: n) ? "أخبار تجريبية \(n)" : "Demo News \(n)"))</title>
            <id>urn:newsd-demo:feed:\(n)</id><link rel="alternate" href="\(baseURL)/"/>
            <updated>\(published(item: items.first ?? 0).formatted(.iso8601))</updated>\n
            """
        for item in items {
            xml += """
                <entry><title>\(escape(headline(feed: n, item: item)))</title>
                <id>urn:newsd-demo:\(n):\(item)</id>
                <link rel="alternate" type="text/html" href="\(itemURL(feed: n, item: item, baseURL: baseURL))"/>
                <updated>\(published(item: item).formatted(.iso8601))</updated>
                <summary>\(escape(firstParagraph(feed: n, item: item)))</summary></entry>\n
                """
        }
        return xml + "</feed>\n"
    }

    /// The story's paragraphs: the same for a wire story in every feed, never two alike (a page
    /// that repeats a paragraph is a different test).
    public func paragraphs(feed: Int, item: Int) -> [String] {
        paragraphs(feed: feed, item: item, upTo: .max)
    }

    /// The story's first paragraph, the feeds' summary: made alone, since a feed lists twenty
    /// stories and writing all their paragraphs was most of the farm server's work while the
    /// daemon polled.
    func firstParagraph(feed: Int, item: Int) -> String {
        paragraphs(feed: feed, item: item, upTo: 1).first ?? ""
    }

    private func paragraphs(feed: Int, item: Int, upTo limit: Int) -> [String] {
        var random = SeededRandom(seed: storySeed(feed: feed, item: item))
        let count = configuration.paragraphs.lowerBound + Int(random.next() % UInt64(configuration.paragraphs.count))
        // Paragraphs come in order from one seed, so the first `limit` do not depend on how many follow.
        return SyntheticText.paragraphs(seed: random.next(), arabic: isArabic(feed: feed), count: min(count, limit))
    }

    /// An article page as served: the bare page, or, with `pageBytes` set, the page with its
    /// furniture at the size drawn for it.
    public func articlePageBytes(feed: Int, item: Int, baseURL: String) -> [UInt8] {
        let parts = articlePageParts(feed: feed, item: item, baseURL: baseURL)
        guard let range = configuration.pageBytes else { return Array(parts.joined().utf8) }
        let seed = UInt64(feed) &* 1_000_003 &+ UInt64(item)
        return PageFurniture.page(
            parts, arabic: isArabic(feed: feed), targetBytes: PageFurniture.drawSize(in: range, seed: seed), seed: seed)
    }

    /// The size `articlePageBytes` gives the page, without building it (nil: bare pages).
    public func drawnPageSize(feed: Int, item: Int) -> Int? {
        configuration.pageBytes.map { PageFurniture.drawSize(in: $0, seed: UInt64(feed) &* 1_000_003 &+ UInt64(item)) }
    }

    /// The bare page in six pieces; furniture goes between them (head, top of body, after the
    /// article, after `main`, after the footer).
    func articlePageParts(feed: Int, item: Int, baseURL: String) -> [String] {
        let arabic = isArabic(feed: feed)
        let title = headline(feed: feed, item: item)
        let canonical = isWire(item: item)
            ? "\(baseURL)/wire/\(arabic ? "ar" : "en")/\(item).html" : "\(baseURL)\(articlePath(feed: feed, item: item))"
        let promos = (arabic ? StoryBank.arabic : StoryBank.english).promos
        let promo = promos[item % promos.count]
        var body = ""
        for (index, paragraph) in paragraphs(feed: feed, item: item).enumerated() {
            body += "<p>\(escape(paragraph))</p>\n"
            if index == 1 {
                body += "<p class=\"promo\"><strong>\(promo)</strong> <a href=\"\(articlePath(feed: feed, item: max(1, item - 1)))\">\(escape(headline(feed: feed, item: max(1, item - 1))))</a></p>\n"
            }
        }
        let nav = arabic ? ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة"] : ["Home", "Politics", "Business", "Sport", "Culture"]
        let head = """
            <!DOCTYPE html>
            <html lang="\(arabic ? "ar" : "en")" dir="\(arabic ? "rtl" : "ltr")"><head><meta charset="utf-8">
            <title>\(escape(title)) | \(arabic ? "أخبار تجريبية" : "Demo News")</title>
            <link rel="canonical" href="\(canonical)">
            <meta property="og:title" content="\(escape(title))">
            <meta property="og:site_name" content="\(arabic ? "أخبار تجريبية" : "Demo News")">
            <meta property="article:published_time" content="\(published(item: item).formatted(.iso8601))">
            <meta name="author" content="\(arabic ? "فريق التحرير" : "Newsroom staff")">
            <script>var analytics = {page: "\(item)"};</script>
            """
        let article = """
            <header><nav>\(nav.map { "<a href=\"/\">\($0)</a>" }.joined(separator: " "))</nav></header>
            <main><article><h1>\(escape(title))</h1>
            <div class="share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
            <div class="article-body">
            \(body)</div></article>
            """
        let related = "\n<aside class=\"related\"><h3>\(arabic ? "الأكثر قراءة" : "Most read")</h3><ul>"
            + (1...3).map { "<li><a href=\"/\">\(escape(headline(feed: feed, item: item + $0)))</a></li>" }.joined()
            + "</ul></aside>\n</main>"
        let footer = "<footer><p>© Demo News. \(arabic ? "جميع الحقوق محفوظة." : "All rights reserved.")</p></footer>"
        return [head, "</head>\n<body>", article, related, footer, "</body></html>"]
    }

    /// Escapes `&`, `<`, `>` and `"` byte by byte: Foundation's `replacingOccurrences` was half
    /// of the farm server's CPU, which shares the benchmark machine's cores with the daemon.
    private func escape(_ text: String) -> String {
        let special: (UInt8) -> Bool = { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 }
        guard text.utf8.contains(where: special) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case 38: escaped += "&amp;".utf8
            case 60: escaped += "&lt;".utf8
            case 62: escaped += "&gt;".utf8
            case 34: escaped += "&quot;".utf8
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private func httpDate(_ date: Date) -> String {
        HTTPDateText.string(date)
    }
}
