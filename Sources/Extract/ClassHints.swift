/// What an element's `class`, `id` and `role` say about it.
struct ClassHints {
    /// Page furniture: share bars, comments, related links, ads, tags, tickers, newsletters...
    var isBoilerplate = false
    /// Short furniture lines (bylines, dates, captions, sources): boilerplate when short.
    var isMetaLine = false
    /// Names such as `article-body`, `entry-content`, `story`.
    var isContent = false
    /// The Readability class weight: +25 for content-like names, -25 for furniture-like ones.
    var weight = 0.0

    static let none = ClassHints()

    private static let boilerplateTokens: Set<String> = [
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
    private static let boilerplateCompounds = [
        "mostread", "mostpopular", "mostviewed", "mostcommented", "readalso", "alsoread", "readmore", "seealso",
        "morestories", "morenews", "morearticles", "youmayalso", "youmightalso", "socialshare", "sharebar",
        "sharebutton", "newsletter", "breadcrumb", "outbrain", "taboola", "advert", "sponsor", "cookie", "disqus",
        "related", "pullquote", "relatedposts", "latestnews", "lastnews", "breakingnews", "topstories", "pagelinks",
        "pagenumbers", "pagenav", "postnav",
    ]
    private static let metaTokens: Set<String> = [
        "byline", "author", "authors", "writer", "dateline", "date", "time", "timestamp", "published", "updated",
        "meta", "caption", "credit", "credits", "source", "info", "category", "cat", "kicker", "label", "video",
        "embed", "player", "title", "thumbnail", "photo", "image", "img", "figure",
    ]
    private static let contentTokens: Set<String> = [
        "article", "body", "content", "entry", "hentry", "main", "post", "text", "story", "blog", "articlebody",
        "news", "page", "single", "detail", "details", "maincol",
    ]
    private static let containerWords = ["article", "content", "main", "column", "story", "entry"]
    private static let positivePattern = [
        "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story",
    ]
    private static let negativePattern = [
        "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr", "masthead", "media",
        "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
        "shopping", "tags", "tool", "widget",
    ]

    init() {}

    init(className: String?, id: String?, role: String?) {
        var names: [String] = []
        if let className { names += className.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init) }
        if let id, !id.isEmpty { names.append(id.lowercased()) }
        var boilerplateName = false
        var contentName = false
        for name in names {
            let tokens = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            let squashed = tokens.joined()
            let boilerplate = tokens.contains(where: Self.boilerplateTokens.contains)
                || Self.boilerplateCompounds.contains(where: { squashed.contains($0) })
            let commentary = squashed.contains("commentary")
            if boilerplate && !commentary {
                boilerplateName = true
            } else if let last = tokens.last, Self.contentTokens.contains(last) {
                contentName = true
            } else if Self.containerWords.contains(where: squashed.contains) {
                // "content-area", "main-column": a layout column that also carries a furniture
                // class ("newspaper-x-sidebar") is still the column holding the article.
                contentName = true
            }
            if tokens.contains(where: Self.metaTokens.contains) { isMetaLine = true }
        }
        isBoilerplate = boilerplateName && !contentName
        isContent = contentName
        switch role?.lowercased() {
        case "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu",
            "menubar", "toolbar":
            isBoilerplate = true
        case "main", "article":
            isContent = true
        default: break
        }
        if let className, !className.isEmpty { weight += Self.weigh(className.lowercased()) }
        if let id, !id.isEmpty { weight += Self.weigh(id.lowercased()) }
    }

    private static func weigh(_ value: String) -> Double {
        var result = 0.0
        if negativePattern.contains(where: value.contains) { result -= 25 }
        if positivePattern.contains(where: value.contains) { result += 25 }
        return result
    }
}
