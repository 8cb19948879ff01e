import Foundation

/// The shared test corpus beside the checkout (`../shared/corpus`), when present.
enum Corpus {
    /// `<package root>/../shared/corpus`, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FeedsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/corpus")

    /// The seed folder (an Arabic story, its feed and pages).
    static let seed = root.appendingPathComponent("seed")

    /// Whether the seed is there (tests that need it are skipped when it is not).
    static let hasSeed = FileManager.default.fileExists(atPath: seed.appendingPathComponent("feed.xml").path)

    /// The real-world feeds folder (RSS, RDF, Atom, JSON Feed, legacy charsets).
    static let realFeeds = root.appendingPathComponent("real-feeds")

    /// Whether the real-world feeds are there.
    static let hasRealFeeds = FileManager.default.fileExists(atPath: realFeeds.appendingPathComponent("SOURCES.txt").path)

    /// `../shared/tools`, for the feed generator.
    static let tools = root.deletingLastPathComponent().appendingPathComponent("tools")

    static func seedFile(_ name: String) throws -> Data {
        try Data(contentsOf: seed.appendingPathComponent(name))
    }
}

/// Bytes of `text` in a legacy charset, converted by the system's iconv(1).
func iconvEncode(_ text: String, to charset: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    process.arguments = ["-f", "UTF-8", "-t", charset]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}

/// A UTC date from its parts, for expectations.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var components = DateComponents()
    (components.year, components.month, components.day) = (year, month, day)
    (components.hour, components.minute, components.second) = (hour, minute, second)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: components)!
}
