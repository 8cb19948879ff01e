import Store

extension DaemonConfiguration.Storage {
    /// Opens (and migrates) the store this section names: the SQLite file, or the PostgreSQL
    /// database, which other daemons may share.
    /// - Throws: `StoreError` with code `.open`, naming the file or server and why.
    public func open() throws(StoreError) -> any NewsStore {
        switch backend {
        case .sqlite:
            return try SQLiteStore(path: path)
        case .postgres:
            // The decoder refuses postgres without a url; a configuration built in code may not.
            guard let url else { throw StoreError(.open, "storage.backend is \"postgres\" but storage.url is not set") }
            return try PostgresStore(url: url)
        }
    }
}
