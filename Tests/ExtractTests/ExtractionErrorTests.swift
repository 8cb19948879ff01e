import Foundation
import Testing

@testable import Extract

@Suite("Pages without an article")
struct ExtractionErrorTests {
    func code(_ data: Data) -> ExtractionError.Code? {
        do {
            _ = try ArticleExtractor().extract(data, url: "https://example.test/", contentType: nil)
            return nil
        } catch {
            #expect(!error.message.isEmpty)
            return error.code
        }
    }

    @Test("empty and whitespace-only bodies")
    func empty() {
        #expect(code(Data()) == .emptyDocument)
        #expect(code(Data("   \n ".utf8)) == .notHTML || code(Data("   \n ".utf8)) == .emptyDocument)
    }

    @Test("binary garbage and text without markup")
    func garbage() {
        var generator = SystemRandomNumberGenerator()
        let random = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect(code(random) == .notHTML)
        #expect(code(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])) == .notHTML)
        #expect(code(Data("just a line of text".utf8)) == .notHTML)
    }

    @Test("a page with markup but no body text")
    func noBodyText() {
        let navOnly = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>"
        #expect(code(Data(navOnly.utf8)) == .noContent)
        #expect(code(Data("<html><body></body></html>".utf8)) == .noContent)
        #expect(code(Data("<<<>>>".utf8)) == .noContent)
    }
}
