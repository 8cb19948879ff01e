import Foundation
import Testing

/// `newsd --config` and `--check-config` on good and bad files.
@Suite struct ConfigurationErrorTests {
    func write(_ text: String) throws -> (String, DaemonHarness) {
        let harness = try DaemonHarness()
        try text.write(toFile: harness.configPath, atomically: true, encoding: .utf8)
        return (harness.configPath, harness)
    }

    @Test func unknownKeyIsRejectedNamingKeyAndLine() throws {
        let (path, harness) = try write("""
            [storage]
            path = "x.sqlite"

            [fetch]
            allow_privat_networks = true
            """)
        _ = harness
        for flag in ["--config", "--check-config"] {
            let result = CommandResult.run(Binaries.url("newsd"), [flag, path])
            #expect(result.status == 78)
            #expect(result.stderr.contains(":5:"), "\(result.stderr)")
            #expect(result.stderr.contains("allow_privat_networks"))
            #expect(result.stderr.contains("allow_private_networks"))  // the suggestion
        }
    }

    @Test func badValueIsRejectedNamingKeyAndLine() throws {
        let (path, harness) = try write("""
            [workers]
            count = "four"
            [[feeds]]
            url = "https://example.org/feed"
            interval = "10 minutes"
            """)
        _ = harness
        let result = CommandResult.run(Binaries.url("newsd"), ["--config", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains(":2:") && result.stderr.contains("workers.count"), "\(result.stderr)")
        #expect(result.stderr.contains(":5:") && result.stderr.contains("interval"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: harness.folder + "/var"))
    }

    @Test func validConfigurationChecksOut() throws {
        let harness = try DaemonHarness()
        try harness.writeConfig(feeds: [("https://example.org/rss.xml", "10m")])
        let result = CommandResult.run(Binaries.url("newsd"), ["--check-config", harness.configPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("OK"))
    }

    @Test func thePostgresBackendChecksOutWithItsURLAndNotWithout() throws {
        let (path, harness) = try write("""
            [storage]
            backend = "postgres"
            url = "postgresql://newsd:s3cret@db.example:5432/newsd"
            """)
        _ = harness
        var result = CommandResult.run(Binaries.url("newsd"), ["--check-config", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("postgres database postgresql://newsd:***@db.example:5432/newsd"), "\(result.stdout)")
        #expect(!result.stdout.contains("s3cret"))

        try "[storage]\nbackend = \"postgres\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        result = CommandResult.run(Binaries.url("newsd"), ["--check-config", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains(":2:") && result.stderr.contains("storage.url"), "\(result.stderr)")

        try "[storage]\nbackend = \"oracle\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        result = CommandResult.run(Binaries.url("newsd"), ["--check-config", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains(#""storage.backend" must be "sqlite" or "postgres", got "oracle""#), "\(result.stderr)")
    }

    @Test func theSampleConfigurationChecksOut() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/newsd.toml").path
        let result = CommandResult.run(Binaries.url("newsd"), ["--check-config", sample])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func missingFileIsAClearError() {
        let result = CommandResult.run(Binaries.url("newsd"), ["--config", "/nonexistent/newsd.toml"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("/nonexistent/newsd.toml"))
    }
}
