import Dispatch
import Synchronization

/// At most `size` connections to one server, each lent to one caller at a time.
///
/// Connections are opened when first needed and kept; a caller finding all of them lent out
/// waits for one to come back. A connection that comes back broken or still inside a
/// transaction is closed, and the next caller opens a fresh one. Safe to use from any thread.
public final class PostgresConnectionPool: Sendable {
    /// The server, as `PostgresConnection` reads it.
    public let url: String
    public let size: Int
    private let applicationName: String
    /// One permit per connection that may be lent out.
    private let permits: DispatchSemaphore
    /// The idle connections and whether the pool is closed, under one lock.
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var idle: [PostgresConnection] = []
        var isClosed = false
    }

    /// A pool of up to `size` connections; none is opened yet.
    public init(url: String, size: Int, applicationName: String = "newsd") {
        precondition(size > 0, "a pool needs at least one connection")
        self.url = url
        self.size = size
        self.applicationName = applicationName
        permits = DispatchSemaphore(value: size)
        state = Mutex(State())
    }

    /// Lends a connection to `body`, waiting when all are lent out.
    /// - Throws: what `body` throws; `PostgresError` with code `.connection` when the pool is
    ///   closed or no connection can be opened.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        permits.wait()
        defer { permits.signal() }
        let connection = try take()
        defer { giveBack(connection) }
        return try body(connection)
    }

    /// Closes the idle connections; lent ones are closed when they come back. Later calls to
    /// `withConnection` fail.
    public func close() {
        let idle = state.withLock { state in
            state.isClosed = true
            let idle = state.idle
            state.idle = []
            return Lent(idle)
        }
        _ = idle  // closed here, outside the lock, as the last reference goes
    }

    private func take() throws(PostgresError) -> PostgresConnection {
        let reused: Lent<PostgresConnection?> = state.withLock { state in
            Lent(state.isClosed ? nil : state.idle.popLast())
        }
        if let connection = reused.value { return connection }
        if state.withLock({ $0.isClosed }) {
            throw PostgresError(.connection, "the connection pool for \(PostgresConnection.redacted(url)) is closed")
        }
        return try PostgresConnection(url: url, applicationName: applicationName)
    }

    private func giveBack(_ connection: PostgresConnection) {
        guard connection.isIdle else { return }  // broken, or a transaction left open: dropped
        let returned = Lent(connection)
        state.withLock { state in
            if !state.isClosed { state.idle.append(returned.value) }
        }
    }
}

/// Carries connections in and out of the pool's lock. Sound because a connection is only ever
/// used by the one caller it is lent to: the lock hands over ownership, never shares it.
private struct Lent<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
