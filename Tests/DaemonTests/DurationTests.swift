import Foundation
import Testing

@testable import Daemon

@Suite("Durations and sizes")
struct DurationTests {
    @Test(
        arguments: [
            ("30s", 30.0), ("10m", 600), ("2h", 7200), ("1d", 86_400), ("500ms", 0.5), ("1h30m", 5400),
            ("1d2h3m4s5ms", 93_784.005), ("1.5h", 5400), ("0s", 0), ("90s", 90),
        ] as [(String, TimeInterval)])
    func validDurations(text: String, seconds: TimeInterval) {
        #expect(DurationParser.parse(text) == seconds)
    }

    @Test(arguments: [
        "", "30", "s", "10 minutes", "10 m", " 10m", "-5s", "+5s", "1x", "10M", "30m1h", "1m1m", ".5s", "5.s", "1e3s",
        "1000000000000000s", "3٠s",
    ])
    func invalidDurations(text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test(
        arguments: [
            (30.0, "30s"), (600, "10m"), (5400, "1h30m"), (0.5, "500ms"), (0, "0s"), (86_400 + 1, "1d1s"),
        ] as [(TimeInterval, String)])
    func formattedDurations(seconds: TimeInterval, text: String) {
        #expect(DurationParser.format(seconds) == text)
        #expect(DurationParser.parse(text) == seconds)
    }

    @Test(arguments: [
        ("512KiB", 512 * 1024), ("16MiB", 16 << 20), ("1GiB", 1 << 30), ("2TiB", 2 << 40), ("1024", 1024),
        ("1024B", 1024),
    ])
    func validSizes(text: String, bytes: Int) {
        #expect(ByteSizeParser.parse(text) == bytes)
    }

    @Test(arguments: ["", "MiB", "16MB", "16 MiB", "16mib", "1.5GiB", "-1KiB", "99999999999999999999", "9999999999TiB"])
    func invalidSizes(text: String) {
        #expect(ByteSizeParser.parse(text) == nil)
    }

    @Test func formattedSizes() {
        #expect(ByteSizeParser.format(16 << 20) == "16MiB")
        #expect(ByteSizeParser.format(1536) == "1536B")
        #expect(ByteSizeParser.format(0) == "0B")
    }
}

@Suite("Paths")
struct PathResolverTests {
    @Test(arguments: [
        ("../var/newsd.sqlite", "/srv/newsd/config", "/srv/newsd/var/newsd.sqlite"),
        ("/abs/file", "/srv", "/abs/file"),
        ("a/./b//c/", "/srv", "/srv/a/b/c"),
        ("../../../../x", "/srv/a", "/x"),
        ("عربي/ملف", "/srv", "/srv/عربي/ملف"),
    ])
    func resolve(path: String, base: String, expected: String) {
        #expect(PathResolver.resolve(path, against: base) == expected)
    }

    @Test func directoryOfAFile() {
        #expect(PathResolver.directory(of: "/etc/newsd/newsd.toml") == "/etc/newsd")
        #expect(PathResolver.directory(of: "/newsd.toml") == "/")
        #expect(
            PathResolver.directory(of: "config/newsd.toml")
                == PathResolver.normalize(FileManager.default.currentDirectoryPath + "/config"))
    }
}
