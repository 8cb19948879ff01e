/// What an element's `class`, `id` and `role` say about it.
struct ClassHints {
    /// Page furniture: share bars, comments, related links, ads, tags, tickers, newsletters...
    var isBoilerplate = false
    /// Comments, replies, related and recommended stories: prose at times, never the article.
    var isComments = false
    /// Short furniture lines (bylines, dates, captions, sources): boilerplate when short.
    var isMetaLine = false
    /// Names such as `article-body`, `entry-content`, `story`.
    var isContent = false
    /// The Readability class weight: +25 for content-like names, -25 for furniture-like ones.
    var weight = 0.0

    static let none = ClassHints()

    static let boilerplateTokens: Set<String> = [
        "share", "shares", "sharing", "sharer", "sharethis", "addthis", "social", "socials", "newsletter",
        "newsletters", "subscribe", "subscription", "breadcrumb", "breadcrumbs", "ticker", "marquee", "outbrain",
        "taboola", "advert", "adverts", "advertisement", "advertising", "ads", "ad", "adv", "adsense", "dfp", "gpt",
        "sponsor", "sponsored", "promo", "promoted", "cookie", "cookies", "consent", "gdpr", "popup", "modal",
        "related", "comment", "comments", "disqus", "tags", "tag", "taglist", "tagcloud", "keywords", "popular",
        "trending", "recommended", "recommendations", "widget", "widgets", "sidebar", "banner", "print", "rating",
        "ratings", "masthead", "menu", "navbar", "nav", "navigation", "pagination", "pager", "toolbar", "tools",
        "footer", "copyright", "login", "signup", "paywall", "pullquote", "donate", "follow", "skip", "weather",
        "prayer", "jump", "playlist", "gallery", "slider", "carousel", "more", "latest", "next", "prev",
        "previous", "bio", "avatar",
    ]
    static let boilerplateCompounds = [
        "mostread", "mostpopular", "mostviewed", "mostcommented", "readalso", "alsoread", "readmore", "seealso",
        "morestories", "morenews", "morearticles", "youmayalso", "youmightalso", "socialshare", "sharebar",
        "sharebutton", "newsletter", "breadcrumb", "outbrain", "taboola", "advert", "sponsor", "cookie", "disqus",
        "related", "pullquote", "relatedposts", "latestnews", "lastnews", "breakingnews", "topstories", "pagelinks",
        "pagenumbers", "pagenav", "postnav",
    ]
    /// Names of boxes that hold other people's or other stories' text.
    static let otherStories = [
        "comment", "disqus", "reply", "replies", "respond", "discussion", "forum", "related", "recommend", "outbrain",
        "taboola", "popular", "trending", "mostread", "mostviewed", "morestories", "morenews", "readmore",
        "readalso", "alsoread", "youmay", "sponsor", "advert", "recent", "latest",
    ]
    static let metaTokens: Set<String> = [
        "byline", "author", "authors", "writer", "dateline", "date", "time", "timestamp", "published", "updated",
        "meta", "caption", "credit", "credits", "source", "info", "category", "cat", "kicker", "label", "video",
        "embed", "player", "title", "thumbnail", "photo", "image", "img", "figure",
    ]
    static let contentTokens: Set<String> = [
        "article", "body", "content", "entry", "hentry", "main", "post", "text", "story", "blog", "articlebody",
        "news", "page", "single", "detail", "details", "maincol",
    ]
    static let containerWords = ["article", "content", "main", "column", "story", "entry"]
    static let positivePattern = [
        "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story",
    ]
    static let negativePattern = [
        "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr", "masthead", "media",
        "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
        "shopping", "tags", "tool", "widget",
    ]

    init() {}

    /// Combines what the `class` and the `id` say (each worked out once, see ``NameHints``).
    init(className: NameHints, id: NameHints, role: String?) {
        let boilerplateName = className.boilerplateName || id.boilerplateName
        let contentName = className.contentName || id.contentName
        isMetaLine = className.metaLine || id.metaLine
        isComments = className.comments || id.comments
        isBoilerplate = boilerplateName && !contentName
        isContent = contentName
        switch role?.asciiLowercased {
        case "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu",
            "menubar", "toolbar":
            isBoilerplate = true
        case "main", "article":
            isContent = true
        default: break
        }
        weight = className.weight + id.weight
    }

    /// What one `class` or `id` value says, before the two are combined.
    struct NameHints {
        var boilerplateName = false
        var contentName = false
        var metaLine = false
        var comments = false
        var weight = 0.0
        /// ``TokenHints/authorGroups`` of the names together.
        var authorGroups: UInt8 = 0

        init() {}

        mutating func add(_ token: TokenHints, negative: inout Bool, positive: inout Bool) {
            authorGroups |= token.authorGroups
            if token.boilerplate {
                boilerplateName = true
            } else if token.content {
                contentName = true
            }
            if token.meta { metaLine = true }
            if token.comments { comments = true }
            negative = negative || token.negative
            positive = positive || token.positive
        }

        mutating func finish(negative: Bool, positive: Bool) {
            weight = (negative ? -25 : 0) + (positive ? 25 : 0)
        }
    }

    /// What one class name (or id), lowercased, says.
    struct TokenHints {
        var boilerplate = false
        var content = false
        var meta = false
        var comments = false
        /// The Readability negative and positive patterns occur in it.
        var negative = false
        var positive = false
        /// Bit 1: an author or byline word is in it; bit 2: a word of an author's photo or
        /// biography box (see ``namePatterns``).
        var authorGroups: UInt8 = 0

        /// Pattern groups searched in the squashed name (separators removed) and in the name.
        private static let squashedPatterns = PatternSet([
            ClassHints.boilerplateCompounds, ClassHints.containerWords, ClassHints.otherStories, ["commentary"],
        ])
        /// Searched in the name as written (lowercased): the Readability negative and positive
        /// patterns, then the ``authorGroups`` patterns (author words, author-box words).
        private static let namePatterns = PatternSet([
            ClassHints.negativePattern, ClassHints.positivePattern, ["author", "byline"],
            ["avatar", "bio", "image", "img", "photo", "thumb", "about", "box", "card", "social", "follow", "more"],
        ])

        private static let boilerplateRole: UInt8 = 1
        private static let contentRole: UInt8 = 2
        private static let metaRole: UInt8 = 4
        /// For each word of ``ClassHints/boilerplateTokens``, ``ClassHints/contentTokens`` and
        /// ``ClassHints/metaTokens``, the lists it is in (looked up by bytes).
        private static let tokenRoles: ByteKeyTable<UInt8> = {
            var roles: [String: UInt8] = [:]
            for token in ClassHints.boilerplateTokens { roles[token, default: 0] |= boilerplateRole }
            for token in ClassHints.contentTokens { roles[token, default: 0] |= contentRole }
            for token in ClassHints.metaTokens { roles[token, default: 0] |= metaRole }
            return ByteKeyTable(roles)
        }()

        /// What the words of a name are in the three word lists, and which ``squashedPatterns``
        /// groups occur in the name squashed (words joined without separators).
        private struct Words {
            var roles: UInt8 = 0
            /// Those of the last word.
            var lastRoles: UInt8 = 0
            var squashedGroups = 0
        }

        /// - Parameter written: a class name (or id) as written, case and all.
        init(_ written: UnsafeBufferPointer<UInt8>) {
            // ASCII names, nearly all of them, in one pass over the bytes.
            let words = written.allSatisfy { $0 < 0x80 }
                ? Self.asciiWords(written) : Self.words(String(decoding: written, as: UTF8.self).asciiLowercased)
            let found = words.squashedGroups
            let boilerplateWord = found & 1 != 0 || words.roles & Self.boilerplateRole != 0
            if boilerplateWord && found & 8 == 0 {
                boilerplate = true
            } else if words.lastRoles & Self.contentRole != 0 {
                content = true
            } else if found & 2 != 0 {
                // "content-area", "main-column": a layout column that also carries a furniture
                // class ("newspaper-x-sidebar") is still the column holding the article.
                content = true
            }
            meta = words.roles & Self.metaRole != 0
            comments = found & 4 != 0
            let inName = Self.namePatterns.groups(in: written, lowercasing: true)
            negative = inName & 1 != 0
            positive = inName & 2 != 0
            // Patterns are letters only, so a value's groups are those of its names together.
            authorGroups = UInt8(inName >> 2)
        }

        /// ``Words`` of an ASCII name: runs of letters and digits, lowercased.
        private static func asciiWords(_ written: UnsafeBufferPointer<UInt8>) -> Words {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, written.count)) { joined in
                var words = Words()
                var count = 0
                var wordStart = 0
                func endWord() {
                    guard count > wordStart else { return }
                    words.lastRoles = tokenRoles.value(for: UnsafeBufferPointer(rebasing: joined[wordStart..<count])) ?? 0
                    words.roles |= words.lastRoles
                    wordStart = count
                }
                for byte in written {
                    let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    if ClassHints.isASCIINamePart(lower) {
                        joined[count] = lower
                        count += 1
                    } else {
                        endWord()
                    }
                }
                endWord()
                words.squashedGroups = squashedPatterns.groups(
                    in: UnsafeBufferPointer(rebasing: joined[0..<count]), lowercasing: false)
                return words
            }
        }

        /// ``Words`` of a lowercased name in any script.
        private static func words(_ name: String) -> Words {
            var words = Words()
            let tokens = name.unicodeScalars.split(whereSeparator: { !ClassHints.isNamePart($0) }).map { String($0) }
            for token in tokens {
                words.lastRoles = tokenRoles.value(for: token) ?? 0
                words.roles |= words.lastRoles
            }
            words.squashedGroups = squashedPatterns.groups(in: tokens.joined())
            return words
        }
    }

    /// ``isNamePart(_:)`` for an ASCII byte.
    static func isASCIINamePart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
    }

    /// Letters and digits (of any script) make up the words of a class name.
    static func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

}
