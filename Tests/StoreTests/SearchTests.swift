import Dedupe
import Foundation
import Store
import Testing

/// Full-text search with the daemon's Arabic-aware matching form, on every backend.
@Suite struct SearchTests {
    let normalizer = TextNormalizer()

    /// Stores one article per entry, its search text in matching form as the daemon writes it.
    func store(_ articles: [(title: String, paragraphs: [String], language: String)], in database: TemporaryDatabase) throws -> [Int64] {
        let store = database.store
        let feed = try store.addFeed(NewFeed(url: "https://news.example/rss", origin: .socket), now: epoch)
        _ = try store.recordPoll(PollOutcome(
            feedID: feed.id, polledAt: epoch, nextPollAt: epoch + 600,
            result: .fetched(etag: nil, lastModified: nil, title: nil, siteURL: nil, items: articles.indices.map { item($0) })))
        let jobs = try store.leaseJobs(owner: "w", limit: articles.count, leaseDuration: 60, now: epoch)
        return try zip(jobs, articles).map { job, entry in
            let stored = NewArticle(
                feedID: job.feedID, itemID: job.itemID, url: job.url, canonicalURL: job.url, title: entry.title,
                paragraphs: entry.paragraphs, byline: nil, published: epoch, language: entry.language, imageURL: nil, siteName: nil,
                wordCount: 10, fetchedAt: epoch, searchTitle: normalizer.normalize(entry.title),
                searchBody: normalizer.normalizeParagraphs(entry.paragraphs).joined(separator: "\n"))
            return try #require(try store.completeJob(JobCompletion(jobID: job.id, leaseOwner: "w", article: stored, finishedAt: epoch)).articleID)
        }
    }

    func words(_ query: String) -> [String] {
        normalizer.normalize(query).split(separator: " ").map(String.init)
    }

    @Test(arguments: Backend.available) func arabicSpellingVariantsFindTheSameArticle(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let ids = try store([
            (
                "وزيرُ الخارجيّة يصل إلى القاهرة",
                ["أكّد وزيرُ الخارجيّة أنّ المحادثاتِ في القاهرة كانت مثمرةً وبنّاءة للغاية.", "وستُستأنف المفاوضات الأسبوع المقبل في العاصمة."],
                "ar"
            ),
            ("Talks in Cairo", ["The minister said the talks in Cairo were useful and constructive."], "en"),
        ], in: database)
        let store = database.store
        // Without diacritics, with ه for ة and bare alef for أ: the same words in matching form.
        #expect(try store.search(words: words("القاهره"), language: nil, limit: 10).map(\.articleID) == [ids[0]])
        #expect(try store.search(words: words("اكد الخارجية"), language: nil, limit: 10).map(\.articleID) == [ids[0]])
        #expect(try store.search(words: words("المفاوضات"), language: "ar", limit: 10).map(\.articleID) == [ids[0]])
        #expect(try store.search(words: words("CAIRO Minister"), language: nil, limit: 10).map(\.articleID) == [ids[1]])
        #expect(try store.search(words: words("cairo"), language: "ar", limit: 10).isEmpty)
        #expect(try store.search(words: words("cairo absent"), language: nil, limit: 10).isEmpty)
        #expect(try store.search(words: [], language: nil, limit: 10).isEmpty)
        let hit = try #require(try store.search(words: words("مثمرة"), language: nil, limit: 10).first)
        #expect(hit.snippet.contains("[مثمره]"))
        #expect(hit.title == "وزيرُ الخارجيّة يصل إلى القاهرة")
        #expect(hit.language == "ar")
    }

    @Test(arguments: Backend.available) func aWordInTheTitleRanksAboveTheSameWordInTheBody(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let ids = try store([
            ("Weather report", ["Rain is expected over the northern election districts by evening."], "en"),
            ("Election results announced", ["The count finished late on Sunday night in every district."], "en"),
        ], in: database)
        #expect(try database.store.search(words: words("election"), language: "en", limit: 10).map(\.articleID) == [ids[1], ids[0]])
        #expect(try database.store.search(words: words("election"), language: nil, limit: 1).map(\.articleID) == [ids[1]])
    }

    @Test(arguments: Backend.available) func anUpdatedOrPrunedArticleIsSearchedAsItIsNow(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        let ids = try store([("Budget vote", ["Parliament delays the budget vote until spring."], "en")], in: database)
        let store = database.store
        #expect(try store.search(words: ["spring"], language: nil, limit: 10).map(\.articleID) == ids)
        #expect(try store.pruneArticles(fetchedBefore: epoch + 1, now: epoch + 2) == 1)
        #expect(try store.search(words: ["spring"], language: nil, limit: 10).isEmpty)
    }

    @Test(arguments: Backend.available) func aHugeBodyIsStoredAndItsBeginningFound(_ backend: Backend) throws {
        let database = try TemporaryDatabase(backend)
        // 60,000 different words, some 2.4 MB: more than a PostgreSQL tsvector can hold.
        let letters = Array("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
        let words = (0..<60_000).map { n in
            "كلمة" + String((0..<4).map { letters[(n / Int(pow(Double(letters.count), Double($0)))) % letters.count] })
        }
        let paragraphs = stride(from: 0, to: words.count, by: 100).map { words[$0..<min($0 + 100, words.count)].joined(separator: " ") }
        let ids = try store([("مقال طويل جدا", paragraphs, "ar")], in: database)
        #expect(try database.store.search(words: [normalizer.normalize(words[0])], language: nil, limit: 10).map(\.articleID) == ids)
        #expect(try database.store.article(id: ids[0])?.paragraphs.count == paragraphs.count)
    }
}
