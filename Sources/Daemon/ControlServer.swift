import Control
import Foundation
import Logging
import Posix
import Synchronization

/// Serves the control socket: JSON-RPC 2.0, one message per line, one thread per client.
///
/// A bad message gets a JSON-RPC error and the connection carries on; a line over the limit is
/// refused and skipped. When `maxClients` are connected, a new client takes the place of the one
/// idle longest (not a `tail -f`), so clients that connect and never speak cannot lock the
/// operator out; when every slot is busy the newcomer is told so and closed.
final class ControlServer: Sendable {
    struct Limits: Sendable {
        var maxClients = 64
        var maxLineBytes = ControlCoding.maxLineBytes
        /// A client that sends nothing for this long (and is not tailing) is closed.
        var idleTimeout: Double = 300
        /// A tail client that does not read for this long is dropped.
        var sendTimeout: Double = 10
    }

    private struct Client {
        var socket: Socket
        var lastActivity: ContinuousClock.Instant
        var streaming = false
    }

    private struct State {
        var clients: [ObjectIdentifier: Client] = [:]
        var stopped = false

        /// Makes room for one more client by dropping the one idle longest, if any is idle.
        mutating func evictIdlest(olderThan age: Duration) -> Socket? {
            let now = ContinuousClock.now
            guard let (key, client) = clients.filter({ !$0.value.streaming && now - $0.value.lastActivity > age })
                .min(by: { $0.value.lastActivity < $1.value.lastActivity })
            else { return nil }
            clients[key] = nil
            return client.socket
        }
    }

    private let listener: ListeningSocket
    private let access: AccessPolicy
    private let handler: ControlHandler
    private let tail: TailHub
    private let logger: Logger
    private let limits: Limits
    private let state = Mutex(State())

    init(
        listener: ListeningSocket, access: AccessPolicy, handler: ControlHandler, tail: TailHub, logger: Logger,
        limits: Limits = Limits()
    ) {
        self.listener = listener
        self.access = access
        self.handler = handler
        self.tail = tail
        self.logger = logger
        self.limits = limits
    }

    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "newsd-control"
        thread.start()
    }

    /// Stops accepting, closes every client and removes the socket file.
    func stop() {
        let clients = state.withLock { state -> [Socket] in
            state.stopped = true
            return state.clients.values.map(\.socket)
        }
        listener.close()
        for client in clients { client.shutdown() }
    }

    var clientCount: Int { state.withLock { $0.clients.count } }

    private func acceptLoop() {
        while true {
            let client: Socket
            do {
                client = try listener.accept()
            } catch {
                if state.withLock({ $0.stopped }) { return }
                logger.warning("control accept failed", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            let (admitted, evicted) = state.withLock { state -> (Bool, Socket?) in
                guard !state.stopped else { return (false, nil) }
                var evicted: Socket?
                if state.clients.count >= limits.maxClients {
                    evicted = state.evictIdlest(olderThan: .seconds(1))
                    guard evicted != nil else { return (false, nil) }
                }
                state.clients[ObjectIdentifier(client)] = Client(socket: client, lastActivity: .now)
                return (true, evicted)
            }
            if let evicted {
                logger.info("idle control client dropped to make room for a new one")
                evicted.shutdown()
            }
            guard admitted else {
                let error = RPCResponse(id: nil, error: RPCError(.unavailable, "too many control clients (limit \(limits.maxClients))"))
                try? client.setSendTimeout(seconds: 1)
                try? client.write(ControlCoding.line(error))
                client.close()
                continue
            }
            let thread = Thread { [self] in
                serve(client)
                _ = state.withLock { $0.clients.removeValue(forKey: ObjectIdentifier(client)) }
                client.close()
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    private func serve(_ client: Socket) {
        try? client.setReceiveTimeout(seconds: limits.idleTimeout)
        try? client.setSendTimeout(seconds: limits.sendTimeout)
        guard let credentials = try? client.peerCredentials() else { return }
        let groups = UserDatabase.groups(ofUser: credentials.uid, primaryGroup: credentials.gid)
        guard let level = access.level(uid: credentials.uid, groups: groups) else {
            logger.warning(
                "control connection refused", metadata: ["uid": "\(credentials.uid)", "gid": "\(credentials.gid)", "pid": "\(credentials.pid)"])
            _ = send(RPCResponse(id: nil, error: RPCError(.forbidden, "uid \(credentials.uid) may not use this socket")), to: client)
            return
        }
        var reader = LineReader(socket: client, maxLineBytes: limits.maxLineBytes)
        while true {
            let line: LineReader.Line
            do {
                line = try reader.next()
            } catch {
                return  // idle time-out or reset
            }
            switch line {
            case .end:
                return
            case .tooLong:
                let error = RPCError(.invalidRequest, "request longer than \(limits.maxLineBytes) bytes")
                guard send(RPCResponse(id: nil, error: error), to: client) else { return }
            case .line(let bytes):
                touch(client)
                if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                guard let request = decode(bytes, client: client) else { continue }
                if level == .read, let method = ControlMethod(rawValue: request.method), !method.isReadOnly {
                    logger.warning(
                        "control request refused", metadata: ["uid": "\(credentials.uid)", "method": "\(request.method)"])
                    let error = RPCError(.forbidden, "\(request.method) needs admin rights; uid \(credentials.uid) may only read")
                    if request.id != nil { guard send(RPCResponse(id: request.id, error: error), to: client) else { return } }
                    continue
                }
                if request.method == ControlMethod.tail.rawValue {
                    touch(client, streaming: true)
                    streamTail(request, to: client)
                    return
                }
                let response = handler.respond(to: request)
                // JSON-RPC: a notification (no id) is never answered, not even with an error.
                if request.id != nil {
                    guard send(response, to: client) else { return }
                }
            }
        }
    }

    /// Notes that a client is active (and whether it now streams `tail` events).
    private func touch(_ client: Socket, streaming: Bool = false) {
        state.withLock { state in
            state.clients[ObjectIdentifier(client)]?.lastActivity = .now
            if streaming { state.clients[ObjectIdentifier(client)]?.streaming = true }
        }
    }

    /// Reads one request line, answering a parse or shape error itself.
    private func decode(_ bytes: [UInt8], client: Socket) -> RPCRequest? {
        do {
            return try RPCRequest.read(line: bytes)
        } catch {
            _ = send(error.response, to: client)
            return nil
        }
    }

    private func send(_ message: some Encodable, to client: Socket) -> Bool {
        do {
            try client.write(ControlCoding.line(message))
            return true
        } catch {
            return false
        }
    }

    /// Sends the backlog, then (when following) live events until the client goes away.
    private func streamTail(_ request: RPCRequest, to client: Socket) {
        let params: TailParams
        do {
            params = try request.decodeParams(TailParams.self)
        } catch {
            _ = send(RPCResponse(id: request.id, error: error), to: client)
            return
        }
        let subscription = params.follow ? tail.subscribe(filter: params) : nil
        defer { subscription.map(tail.cancel) }
        let backlog = tail.backlog(params.last ?? 10, matching: params)
        for entry in backlog {
            guard send(RPCRequest(notification: tailEventMethod, entry), to: client) else { return }
        }
        guard let result = try? RPCResponse(id: request.id, result: ControlCoding.value(of: TailResult(backlog: backlog.count, following: params.follow))),
            send(result, to: client), let subscription
        else { return }
        while !state.withLock({ $0.stopped }) {
            switch subscription.next(timeout: 1) {
            case .event(let entry):
                guard send(RPCRequest(notification: tailEventMethod, entry), to: client) else {
                    logger.notice("tail client dropped", metadata: ["reason": "not reading"])
                    return
                }
            case .skipped(let count):
                guard send(RPCRequest(notification: tailSkippedMethod, TailSkipped(skipped: count)), to: client) else { return }
            case .idle:
                if client.isPeerClosed() { return }
            case .closed:
                return
            }
        }
    }
}

extension RPCRequest {
    /// A notification (no id) carrying `params`.
    init(notification method: String, _ params: some Encodable) {
        self.init(id: nil, method: method, params: try? ControlCoding.value(of: params))
    }
}
