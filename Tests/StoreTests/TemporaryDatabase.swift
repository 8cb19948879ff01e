import Foundation
import Store

/// A store in a fresh temporary folder, removed when the test ends.
final class TemporaryDatabase {
    let folder: String
    let store: SQLiteStore

    init() throws {
        folder = NSTemporaryDirectory() + "newsd-store-\(UUID().uuidString)"
        store = try SQLiteStore(path: folder + "/db/newsd.sqlite")
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func reopen() throws -> SQLiteStore {
        try store.close()
        return try SQLiteStore(path: store.path)
    }
}

let epoch = Date(timeIntervalSince1970: 1_700_000_000)

func item(_ n: Int, title: String? = nil) -> NewItem {
    NewItem(identity: "guid-\(n)", url: "https://news.example/\(n)", title: title ?? "Item \(n)", published: epoch)
}

func article(for job: LeasedJob, canonical: String? = nil, paragraphs: [String] = ["Body text here."]) -> NewArticle {
    NewArticle(
        feedID: job.feedID, itemID: job.itemID, url: job.url, canonicalURL: canonical ?? job.url, title: job.itemTitle,
        paragraphs: paragraphs, byline: nil, published: nil, language: "en", imageURL: nil, siteName: nil,
        wordCount: paragraphs.joined(separator: " ").split(separator: " ").count, fetchedAt: epoch)
}
