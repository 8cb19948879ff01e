/// Page furniture of one language, rendered once into bytes for ``PageFurniture`` to copy:
/// dozens of variants of each piece, generated from a fixed seed so every run serves the same
/// pages. Links are relative, so the pieces fit any host and port.
struct FurnitureKit: Sendable {
    static let english = FurnitureKit(arabic: false)
    static let arabic = FurnitureKit(arabic: true)

    let headLinks: [UInt8]
    let styleOpen: [UInt8]
    let styleRules: [[UInt8]]
    let styleClose: [UInt8]
    let scriptOpen: [UInt8]
    /// Minified-looking JavaScript, ASCII, one statement a line, never `</`.
    let script: [UInt8]
    let scriptStatementStarts: [Int]
    let scriptClose: [UInt8]
    let stateOpen: [UInt8]
    let stateEntries: [[UInt8]]
    let stateClose: [UInt8]
    let sprite: [UInt8]
    let adSlots: [[UInt8]]
    let menuOpen: [UInt8]
    let menuItems: [[UInt8]]
    let menuClose: [UInt8]
    let cardsOpen: [UInt8]
    let cards: [[UInt8]]
    let cardsClose: [UInt8]
    let commentsOpen: [UInt8]
    let comments: [[UInt8]]
    let commentsClose: [UInt8]
    let footerOpen: [UInt8]
    let footerColumns: [[UInt8]]
    let footerClose: [UInt8]

    /// What every padded page carries whatever its size: head links, sprite, two ad slots and
    /// the wrappers; the shares of the rest are taken from what is left.
    var fixedBytes: Int {
        headLinks.count + sprite.count + 2 * (adSlots.map(\.count).max() ?? 0) + styleOpen.count + styleClose.count
            + 2 * (scriptOpen.count + scriptClose.count) + stateOpen.count + stateClose.count + menuOpen.count + menuClose.count
            + cardsOpen.count + cardsClose.count + commentsOpen.count + commentsClose.count + footerOpen.count + footerClose.count
    }

    private init(arabic: Bool) {
        var random = SeededRandom(seed: arabic ? 0xA4AB_1C : 0xE4_6115)
        let words = arabic ? Words.arabic : Words.english
        let sections = Words.sectionSlugs
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
        func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        func hex(_ digits: Int) -> String {
            String(String(random.next(), radix: 16).suffix(digits)).padding(toLength: digits, withPad: "0", startingAt: 0)
        }
        func section() -> (slug: String, name: String) {
            let index = Int(random.next() % UInt64(sections.count))
            return (sections[index], words.sections[index])
        }
        func storyLink() -> String { "/articles/\(number(1...9_999))/\(number(1...500)).html" }
        func headline() -> String { "\(pick(words.headlines)) (\(number(2...999)))" }
        func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

        headLinks = bytes(
            """
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="theme-color" content="#b3001b"><meta name="robots" content="max-image-preview:large">
            <meta name="twitter:card" content="summary_large_image"><meta name="twitter:site" content="@demonews">
            <link rel="preconnect" href="https://cdn.demo-news.example" crossorigin>
            <link rel="dns-prefetch" href="https://securepubads.g.doubleclick.net">
            <link rel="dns-prefetch" href="https://www.googletagmanager.com">
            <link rel="preload" as="font" type="font/woff2" href="/static/fonts/\(arabic ? "noto-naskh-arabic" : "source-serif")-400.woff2" crossorigin>

            """ + (0..<14).map { _ in "<link rel=\"preload\" as=\"script\" href=\"/static/js/chunk-\(hex(8)).\(hex(12)).js\">\n" }.joined()
                + "<link rel=\"stylesheet\" href=\"/static/css/main.\(hex(12)).css\"><link rel=\"icon\" href=\"/favicon.ico\" sizes=\"any\">"
                + "<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\"><link rel=\"manifest\" href=\"/site.webmanifest\">\n")

        styleOpen = bytes("<style id=\"critical-css\">")
        styleRules = (0..<320).map { index in
            let block = "\(pick(Words.cssBlocks))__\(pick(Words.cssElements))"
            if index % 9 == 0 {
                return bytes(
                    "@media (min-width:\(pick(["600", "768", "1024", "1280"]))px){.\(block){grid-template-columns:repeat(\(number(2...4)),minmax(0,1fr));gap:\(number(8...32))px}}\n")
            }
            return bytes(
                ".\(block)--\(pick(Words.cssModifiers)){display:\(pick(["flex", "grid", "block", "inline-flex"]));align-items:center;margin:0 0 \(number(0...24))px;padding:\(number(0...16))px \(number(0...24))px;color:#\(hex(6));background:#\(hex(6));font:\(pick(["400", "500", "700"])) \(number(12...22))px/1.\(number(2...6)) \(arabic ? "\"Noto Naskh Arabic\"," : "")\"Source Serif\",Georgia,serif;border-radius:\(number(0...8))px;transition:opacity .\(number(1...4))s ease-in-out}\n")
        }
        styleClose = bytes("</style>\n")

        scriptOpen = bytes("<script>")
        var script: [UInt8] = []
        var starts: [Int] = []
        while script.count < 192 * 1024 {
            starts.append(script.count)
            let (slug, _) = section()
            let id = hex(6)
            let statement: String
            switch random.next() % 6 {
            case 0:
                statement = "window.__cfg_\(id)={\"slot\":\"/21804848/news/\(slug)\",\"sizes\":[[300,250],[728,90],[970,250]],\"targeting\":{\"section\":\"\(slug)\",\"lang\":\"\(arabic ? "ar" : "en")\",\"template\":\"article\"},\"lazy\":true,\"refresh\":\(number(0...60))};"
            case 1:
                statement = "function _0x\(id)(e,t){var n=e.length,r=0;for(;r<n;r++){if(t(e[r],r)===!1)break}return n}"
            case 2:
                statement = "!function(e,t){var n=t.createElement(\"script\");n.async=!0,n.src=\"https://cdn.demo-news.example/js/\(slug).\(hex(10)).js\",t.head.appendChild(n)}(window,document);"
            case 3:
                statement = "try{var _\(id)=JSON.parse(localStorage.getItem(\"consent_\(number(1...99))\")||\"{}\");_\(id).v=\(number(1...9)),_\(id).t=Date.now()}catch(e){}"
            case 4:
                statement = "(self.webpackChunk_news=self.webpackChunk_news||[]).push([[\(number(100...999))],{\(number(1000...9999)):function(e,t,n){\"use strict\";n.d(t,{Z:function(){return o}});var r=n(\(number(1000...9999))),o=function(e){return r.createElement(\"div\",{className:\"c-\(slug)-\(id)\"},e.children)}}}]);"
            default:
                statement = "dataLayer.push({\"event\":\"page_view\",\"section\":\"\(slug)\",\"template\":\"article\",\"ab_test\":\"variant_\(number(1...8))\",\"ts\":\(number(1_700_000_000...1_800_000_000))});"
            }
            script += bytes(statement + "\n")
        }
        self.script = script
        scriptStatementStarts = starts
        scriptClose = bytes("</script>\n")

        stateOpen = bytes("<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\":{\"pageProps\":{\"stories\":[")
        stateEntries = (0..<64).map { _ in
            let (slug, name) = section()
            return bytes(
                "{\"id\":\(number(100_000...999_999)),\"url\":\"\(storyLink())\",\"title\":\"\(headline())\",\"summary\":\"\(pick(words.teasers))\",\"section\":{\"slug\":\"\(slug)\",\"name\":\"\(name)\"},\"image\":{\"src\":\"https://cdn.demo-news.example/img/\(hex(12))/1200x675.jpg\",\"width\":1200,\"height\":675,\"alt\":\"\(pick(words.headlines))\"},\"published\":\"2026-11-\(number(10...28))T\(number(10...23)):\(number(10...59)):00Z\",\"tags\":[\"\(pick(sections))\",\"\(pick(sections))\"],\"author\":{\"name\":\"\(pick(words.names))\"}}")
        }
        stateClose = bytes("]}},\"page\":\"/article/[slug]\",\"buildId\":\"\(hex(12))\",\"isFallback\":false}</script>\n")

        let iconNames = ["search", "menu", "close", "facebook", "x", "whatsapp", "telegram", "mail", "print", "bookmark",
                         "play", "camera", "arrow-left", "arrow-right", "clock", "user"]
        sprite = bytes(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" style=\"display:none\">"
                + iconNames.map { name in
                    let path = (0..<number(8...16)).map { _ in "\(pick(["c", "l", "s", "C", "L"]))\(number(0...24)).\(number(0...99)) \(number(0...24)).\(number(0...99))" }
                        .joined(separator: " ")
                    return "<symbol id=\"icon-\(name)\" viewBox=\"0 0 24 24\"><path fill-rule=\"evenodd\" d=\"M\(number(0...24)) \(number(0...24))\(path)z\"/></symbol>"
                }.joined() + "</svg>\n<a class=\"skip-link\" href=\"#main\">\(words.skip)</a>\n")

        adSlots = (0..<16).map { _ in
            let id = number(1_000_000_000...9_999_999_999)
            return bytes(
                "<div class=\"ad-slot ad-slot--\(pick(["leaderboard", "mpu", "billboard", "inread"]))\" id=\"div-gpt-ad-\(id)-0\" data-ad-unit=\"/21804848/news/article/\(pick(sections))\" data-sizes=\"[[728,90],[970,250],[300,250]]\" style=\"min-height:\(pick(["90", "250"]))px\"><span class=\"ad-slot__label\">\(words.advertisement)</span><script>googletag.cmd.push(function(){googletag.display(\"div-gpt-ad-\(id)-0\")});</script></div>\n")
        }

        menuOpen = bytes("<nav class=\"mega-menu\" role=\"navigation\" aria-label=\"\(words.menu)\"><ul class=\"mega-menu__list\">")
        menuItems = (0..<48).map { _ in
            let (slug, name) = section()
            let sub = (0..<number(6...10)).map { _ in
                let (subSlug, subName) = section()
                return "<li class=\"mega-menu__subitem\"><a class=\"mega-menu__sublink\" href=\"/section/\(slug)/\(subSlug)\">\(subName)</a></li>"
            }.joined()
            return bytes(
                "<li class=\"mega-menu__item\"><a class=\"mega-menu__link\" href=\"/section/\(slug)\">\(name)</a><div class=\"mega-menu__panel\"><ul class=\"mega-menu__sub\">\(sub)</ul><div class=\"mega-menu__promo\"><a href=\"\(storyLink())\"><img src=\"https://cdn.demo-news.example/img/\(hex(12))/320x180.jpg\" alt=\"\" loading=\"lazy\" width=\"160\" height=\"90\"><span>\(headline())</span></a></div></div></li>\n")
        }
        menuClose = bytes("</ul></nav>\n")

        cardsOpen = bytes("<section class=\"more-stories\"><h2 class=\"more-stories__title\">\(words.moreStories)</h2><div class=\"more-stories__grid\">")
        cards = (0..<64).map { _ in
            let image = "https://cdn.demo-news.example/img/\(hex(12))"
            let (slug, name) = section()
            let title = headline()
            return bytes(
                "<div class=\"card card--\(pick(["horizontal", "vertical", "compact"]))\"><a class=\"card__link\" href=\"\(storyLink())\"><picture class=\"card__media\"><source type=\"image/webp\" srcset=\"\(image)/320x180.webp 320w, \(image)/640x360.webp 640w, \(image)/960x540.webp 960w\" sizes=\"(min-width: 1024px) 300px, 50vw\"><img loading=\"lazy\" decoding=\"async\" src=\"\(image)/640x360.jpg\" alt=\"\(title)\" width=\"640\" height=\"360\"></picture><h3 class=\"card__title\">\(title)</h3></a><p class=\"card__summary\">\(pick(words.teasers))</p><div class=\"card__footer\"><a class=\"card__section\" href=\"/section/\(slug)\">\(name)</a> <span class=\"card__age\">\(words.hoursAgo(number(1...23)))</span></div></div>\n")
        }
        cardsClose = bytes("</div></section>\n")

        commentsOpen = bytes("<section id=\"comments\" class=\"comments\"><h2 class=\"comments__title\">\(words.comments)</h2><ol class=\"comments__list\">")
        comments = (0..<64).map { index in
            bytes(
                "<li class=\"comment\" id=\"comment-\(number(1_000_000...9_999_999))\"><div class=\"comment__meta\"><img class=\"comment__avatar\" src=\"/static/avatars/\(number(1...64)).png\" alt=\"\" width=\"40\" height=\"40\"><span class=\"comment__author\">\(pick(words.names))</span> <span class=\"comment__age\">\(words.hoursAgo(number(1...23)))</span></div><p class=\"comment__text\">\(words.commentTexts[index % words.commentTexts.count]) \(pick(words.commentTexts))</p><div class=\"comment__actions\"><button class=\"comment__reply\" type=\"button\">\(words.reply)</button> <button class=\"comment__like\" type=\"button\">\(number(0...250))</button></div></li>\n")
        }
        commentsClose = bytes("</ol></section>\n")

        footerOpen = bytes("<div class=\"site-footer\" role=\"contentinfo\"><div class=\"site-footer__columns\">")
        footerColumns = (0..<24).map { _ in
            let (_, heading) = section()
            let links = (0..<number(6...10)).map { _ in
                let (slug, name) = section()
                return "<li class=\"site-footer__item\"><a class=\"site-footer__link\" href=\"/section/\(slug)\">\(name)</a></li>"
            }.joined()
            return bytes("<div class=\"site-footer__column\"><h4 class=\"site-footer__heading\">\(heading)</h4><ul class=\"site-footer__list\">\(links)</ul></div>\n")
        }
        footerClose = bytes("</div><p class=\"site-footer__legal\">\(words.legal)</p></div>\n")
    }
}

/// The words furniture is made of.
private struct Words: Sendable {
    var sections: [String]
    var headlines: [String]
    var teasers: [String]
    var names: [String]
    var commentTexts: [String]
    var skip: String
    var advertisement: String
    var menu: String
    var moreStories: String
    var comments: String
    var reply: String
    var legal: String
    var hoursAgo: @Sendable (Int) -> String

    static let sectionSlugs = [
        "world", "politics", "business", "markets", "technology", "science", "health", "sport", "football", "culture",
        "books", "travel", "opinion", "video", "weather", "climate", "education", "middle-east", "africa", "europe",
        "asia", "americas",
    ]

    static let english = Words(
        sections: [
            "World", "Politics", "Business", "Markets", "Technology", "Science", "Health", "Sport", "Football", "Culture",
            "Books", "Travel", "Opinion", "Video", "Weather", "Climate", "Education", "Middle East", "Africa", "Europe",
            "Asia", "Americas",
        ],
        headlines: (0..<24).map { SyntheticText.headline(seed: 7_000 + UInt64($0), arabic: false) },
        teasers: [
            "What the decision means for commuters, and what happens next.",
            "Our correspondent reports from the scene as crews work through the night.",
            "Five charts that explain the numbers behind the headlines.",
            "Analysis: why the timing matters more than the amount.",
            "Readers share their experiences in our weekly round-up.",
            "The full list of changes, region by region.",
        ],
        names: ["Sarah M.", "john_k", "Local resident", "D. Okafor", "Priya", "Tom B.", "Marta R.", "news_reader_77"],
        commentTexts: [
            "Great reporting, thank you.", "I don't agree with the council on this one.",
            "Does anyone know when this starts?", "Same story every year and nothing changes.",
            "Finally some good news.", "The figures look wrong to me.", "Who is going to pay for all of this?",
            "Well written and balanced, for once.",
        ],
        skip: "Skip to content", advertisement: "Advertisement", menu: "Main menu", moreStories: "More stories",
        comments: "Comments", reply: "Reply", legal: "© Demo News Group. Terms of use · Privacy · Cookie settings · Contact us",
        hoursAgo: { "\($0) hours ago" })

    static let arabic = Words(
        sections: [
            "العالم", "سياسة", "اقتصاد", "أسواق", "تكنولوجيا", "علوم", "صحة", "رياضة", "كرة القدم", "ثقافة", "كتب", "سفر",
            "رأي", "فيديو", "طقس", "مناخ", "تعليم", "الشرق الأوسط", "أفريقيا", "أوروبا", "آسيا", "الأمريكتان",
        ],
        headlines: (0..<24).map { SyntheticText.headline(seed: 7_000 + UInt64($0), arabic: true) },
        teasers: [
            "ماذا يعني القرار للمواطنين وما هي الخطوات التالية.",
            "مراسلنا ينقل التفاصيل من موقع الحدث.",
            "خمسة أرقام تشرح ما وراء العناوين.",
            "تحليل: لماذا يهم التوقيت أكثر من المبلغ.",
            "قراؤنا يروون تجاربهم في جولتنا الأسبوعية.",
            "القائمة الكاملة للتغييرات حسب المنطقة.",
        ],
        names: ["أحمد", "سارة م.", "أبو خالد", "مواطن", "ليلى", "محمد ع.", "قارئ دائم", "نور"],
        commentTexts: [
            "شكراً على هذا التقرير.", "لا أتفق مع هذا القرار.", "متى سيبدأ التنفيذ؟", "نفس الكلام كل سنة ولا شيء يتغير.",
            "خبر جميل أخيراً.", "الأرقام تحتاج إلى مراجعة.", "من سيدفع تكاليف كل هذا؟", "مقال متوازن ومفيد.",
        ],
        skip: "انتقل إلى المحتوى", advertisement: "إعلان", menu: "القائمة الرئيسية", moreStories: "المزيد من الأخبار",
        comments: "التعليقات", reply: "رد", legal: "© مجموعة أخبار تجريبية. شروط الاستخدام · الخصوصية · إعدادات ملفات تعريف الارتباط · اتصل بنا",
        hoursAgo: { "منذ \($0) ساعات" })

    static let cssBlocks = [
        "header", "nav", "mega-menu", "article", "card", "grid", "footer", "ad-slot", "comments", "share", "byline",
        "hero", "ticker", "video", "gallery", "newsletter", "paywall", "search", "topic", "author",
    ]
    static let cssElements = ["title", "link", "media", "body", "meta", "list", "item", "icon", "button", "label"]
    static let cssModifiers = ["active", "large", "small", "dark", "compact", "featured", "sticky", "rtl", "hidden", "open"]
}
