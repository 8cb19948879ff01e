import ArgumentParser
import Control
import Foundation

struct ArticleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article", abstract: "Show and list stored articles.", subcommands: [Show.self, List.self, Search.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one article: metadata and text.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The article's id.") var id: Int64

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let article = try client.call(.articleGet, ArticleGetParams(id: id), as: ArticleInfo.self)
                if global.json { return try Output.json(article) }
                print(Output.color(article.title ?? "(untitled)", "1"))
                var facts = ["#\(article.id)", "feed \(article.feedID)", "\(article.words) words"]
                if let language = article.language { facts.append(language) }
                if let published = article.published { facts.append("published \(published)") }
                if let byline = article.byline { facts.append("by \(byline)") }
                print(facts.joined(separator: " · "))
                print(article.canonicalURL)
                if let updated = article.updated { print("updated \(updated)") }
                print()
                print(article.paragraphs.joined(separator: "\n\n"))
                if article.copies.count > 1 {
                    print("\n" + Output.color("story #\(article.storyID ?? article.id): carried by \(article.copies.count) items", "1"))
                    for copy in article.copies {
                        var why = copy.status ?? "queued"
                        if let reason = copy.reason { why += " (\(reason)\(copy.similarity.map { String(format: ", %.2f", $0) } ?? ""))" }
                        print("  feed \(copy.feedID)  \(why)  \(copy.url)")
                    }
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List processed items, newest first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("Only this feed (id or URL).", valueName: "id|url")) var feed: String?
        @Option(help: ArgumentHelp("Only this language, e.g. ar.", valueName: "code")) var lang: String?
        @Option(help: ArgumentHelp("Only this status: new, duplicate, updated, failed.", valueName: "status")) var status: String?
        @Option(help: ArgumentHelp("Only since this time (RFC 3339) or this long ago (2h, 3d).", valueName: "when")) var since: String?
        @Option(help: "At most this many.") var limit = 50

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(
                    .articleList, ArticleListParams(feed: feed, lang: lang, status: status, since: since, limit: limit),
                    as: ArticleListResult.self)
                if global.json { return try Output.json(result) }
                if result.articles.isEmpty { return print("no articles") }
                Output.table(
                    ["ARTICLE", "STATUS", "FEED", "LANG", "SEEN", "TITLE"],
                    result.articles.map { article in
                        [
                            article.articleID.map { "#\($0)" } ?? "-", article.status ?? "queued", String(article.feedID),
                            article.language ?? "-", Output.relative(article.seen), article.title ?? article.url,
                        ]
                    })
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find articles by words in their title or text.",
            discussion: "Every word must occur. Diacritics, tatweel, hamza and alef forms, case and accents do not matter: أطلق, اطلق and أَطلَقَ find the same articles.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The words to find.") var words: [String]
        @Option(help: ArgumentHelp("Only this language, e.g. ar.", valueName: "code")) var lang: String?
        @Option(help: "At most this many.") var limit = 20

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(
                    .articleSearch, ArticleSearchParams(query: words.joined(separator: " "), lang: lang, limit: limit),
                    as: ArticleSearchResult.self)
                if global.json { return try Output.json(result) }
                if result.hits.isEmpty { return print("nothing found") }
                for hit in result.hits {
                    print("#\(hit.id) [\(hit.language ?? "??")] " + Output.color(hit.title ?? "(untitled)", "1"))
                    print("    \(hit.snippet)")
                }
            }
        }
    }
}
