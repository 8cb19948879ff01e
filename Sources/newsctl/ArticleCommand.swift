import ArgumentParser
import Control
import Foundation

struct ArticleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article", abstract: "Show stored articles.", subcommands: [Show.self])

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
                print()
                print(article.paragraphs.joined(separator: "\n\n"))
            }
        }
    }
}
