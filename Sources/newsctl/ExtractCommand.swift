import ArgumentParser
import Dispatch
import Extract
import Foundation
import Markup

/// `newsctl extract`: runs the article extractor on local files, without a daemon.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article from a saved HTML page (local, no daemon).",
        discussion: """
            extract FILE [--url URL] [--content-type CT] [--json]
                prints the paragraphs separated by blank lines; --json prints the metadata, the paragraphs \
            and the sanitised HTML. FILE may be gzip-compressed; - reads standard input.
            extract --batch IN_DIR OUT_DIR [--headers FILE]
                writes OUT_DIR/<id>.txt for each IN_DIR/<id>.html or <id>.html.gz; FILE is a JSON object \
            mapping <id> to the HTTP response headers the page was served with (its Content-Type charset \
            is honoured). A page without article text gets an empty .txt; the exit status is 1 only when a \
            file could not be read or written.
            """)

    @Flag(help: "Extract every page of a folder: the arguments are IN_DIR OUT_DIR.") var batch = false
    @Argument(help: ArgumentHelp("FILE, or IN_DIR OUT_DIR with --batch.", valueName: "path")) var paths: [String]
    @Option(help: "The page's address (base for relative links).") var url: String?
    @Option(help: "The HTTP Content-Type the page was served with (its charset is honoured).") var contentType: String?
    @Option(help: ArgumentHelp("With --batch: a JSON object mapping <id> to response headers.", valueName: "file"))
    var headers: String?
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        if batch {
            guard paths.count == 2 else { throw ValidationError("--batch takes IN_DIR OUT_DIR") }
            if url != nil || contentType != nil { throw ValidationError("--url and --content-type are for one FILE; use --headers") }
        } else {
            guard paths.count == 1 else { throw ValidationError("give one FILE (or --batch IN_DIR OUT_DIR)") }
            if headers != nil { throw ValidationError("--headers is for --batch") }
        }
    }

    func run() throws {
        if batch {
            try BatchExtraction(input: paths[0], output: paths[1], headersFile: headers).run()
        } else {
            try extractOne(paths[0])
        }
    }

    private func extractOne(_ path: String) throws {
        let data: Data
        do {
            data = try PageFile.read(path)
        } catch {
            Output.error("\(path): \(error)")
            throw ExitCode(66)
        }
        let address = url ?? "file://" + URL(fileURLWithPath: path).standardizedFileURL.path
        let article: Article
        do {
            article = try ArticleExtractor().extract(data, url: address, contentType: contentType)
        } catch {
            Output.error("\(path): \(error.message)")
            throw ExitCode(1)
        }
        if json {
            try Output.json(ExtractedArticle(article))
        } else {
            print(article.text)
        }
    }
}

/// The JSON form of an extracted article (`newsctl extract --json`).
struct ExtractedArticle: Encodable {
    var title: String?
    var byline: String?
    var published: String?
    var language: String?
    var image: String?
    var canonicalURL: String?
    var siteName: String?
    var description: String?
    var words: Int
    var paragraphs: [String]
    var html: String

    init(_ article: Article) {
        title = article.title
        byline = article.byline
        published = article.published.map { $0.formatted(.iso8601) }
        language = article.language
        image = article.imageURL
        canonicalURL = article.canonicalURL
        siteName = article.siteName
        description = article.description
        words = article.wordCount
        paragraphs = article.paragraphs
        html = article.html
    }

    enum CodingKeys: String, CodingKey {
        case title, byline, published, language, image, canonicalURL = "canonical_url", siteName = "site_name"
        case description, words, paragraphs, html
    }
}

/// Reading a saved page: plain or gzip-compressed, a path or `-` for standard input.
enum PageFile {
    static func read(_ path: String) throws -> Data {
        let raw = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        return Gzip.isCompressed(raw) ? try Gzip.decompress(raw) : raw
    }
}
