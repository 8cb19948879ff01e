import Store

/// The `[storage]` section: which database engine, and where its database is.
extension ConfigurationDecoder {
    mutating func decodeStorage(_ table: TOMLTable, into storage: inout DaemonConfiguration.Storage) {
        let names = DaemonConfiguration.Storage.Backend.allCases.map { TOMLValue.quoted($0.rawValue) }.joined(separator: " or ")
        var backendLine: Int?
        if let (text, line) = string(table, "backend", path: "storage") {
            backendLine = line
            if let backend = DaemonConfiguration.Storage.Backend(rawValue: text) {
                storage.backend = backend
            } else {
                var message = "\"storage.backend\" must be \(names), got \(TOMLValue.quoted(text, limit: 200))"
                if let suggestion = KeySuggestion.closest(to: text.lowercased(), among: ["sqlite", "postgres", "postgresql", "pg"]) {
                    let meant = suggestion == "sqlite" ? "sqlite" : "postgres"
                    message += " (did you mean \(TOMLValue.quoted(meant))?)"
                }
                report(message, line: line)
                backendLine = nil  // one problem is enough
            }
        }
        storage.path = path(table, "path", path: "storage") ?? storage.path
        if let (url, line) = string(table, "url", path: "storage") {
            if !(url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")) {
                report(
                    "\"storage.url\" must be a PostgreSQL URL such as \"postgresql://newsd@db.example:5432/newsd\", got \(TOMLValue.quoted(PostgresStore.redacted(url), limit: 200))",
                    line: line)
            } else if storage.backend != .postgres, table["backend"] == nil || backendLine != nil {
                report(
                    "\"storage.url\" is set but the backend is \"sqlite\": add backend = \"postgres\" to use the server, or remove url",
                    line: line)
            } else {
                storage.url = url
            }
        } else if storage.backend == .postgres {
            report(
                "backend = \"postgres\" needs \"storage.url\", the database to use, such as url = \"postgresql://newsd@db.example:5432/newsd\"",
                line: backendLine)
        }
    }
}
