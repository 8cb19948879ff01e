import Foundation
import Posix
import Testing

/// The control socket against bad clients: each gets a JSON-RPC error or is dropped, and the
/// daemon carries on.
@Suite(.serialized) struct ControlSocketTests {
    /// Sends raw bytes and reads one line back.
    func exchange(_ bytes: [UInt8], on socket: Socket, reader: inout LineReader) throws -> [String: Any] {
        try socket.write(bytes)
        guard case .line(let line) = try reader.next() else { throw HarnessError("connection closed") }
        return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    func errorCode(_ response: [String: Any]) -> Int? {
        (response["error"] as? [String: Any])?["code"] as? Int
    }

    @Test func malformedRequestsGetJSONRPCErrorsAndTheConnectionCarriesOn() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        let socket = try Socket.connectUnix(path: daemon.socketPath)
        var reader = LineReader(socket: socket, maxLineBytes: 1 << 20)

        #expect(errorCode(try exchange(Array("{not json\n".utf8), on: socket, reader: &reader)) == -32700)
        #expect(errorCode(try exchange(Array("[1,2,3]\n".utf8), on: socket, reader: &reader)) == -32600)
        #expect(errorCode(try exchange(Array("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"version\"}\n".utf8), on: socket, reader: &reader)) == -32600)
        let unknown = try exchange(Array("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"feed.explode\"}\n".utf8), on: socket, reader: &reader)
        #expect(errorCode(unknown) == -32601)
        #expect(unknown["id"] as? Int == 7)
        let wrongType = try exchange(Array("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"article.get\",\"params\":{\"id\":\"seven\"}}\n".utf8), on: socket, reader: &reader)
        #expect(errorCode(wrongType) == -32602)
        let badURL = try exchange(Array("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"feed.add\",\"params\":{\"url\":\"file:///etc/passwd\"}}\n".utf8), on: socket, reader: &reader)
        #expect(errorCode(badURL) == -32602)
        #expect(errorCode(try exchange([0xff, 0xfe, 0x00, 0x01, 0x0a], on: socket, reader: &reader)) == -32700)
        let tooLong = [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20) + [0x0a]
        #expect(errorCode(try exchange(tooLong, on: socket, reader: &reader)) == -32600)
        // 513 levels of nesting ending the line made Foundation's JSON decoder trap.
        #expect(errorCode(try exchange([UInt8](repeating: UInt8(ascii: "["), count: 513) + [0x0a], on: socket, reader: &reader)) == -32600)
        // An id no integer can hold is an invalid request (it once crashed the conversion).
        #expect(errorCode(try exchange(Array("{\"jsonrpc\":\"2.0\",\"id\":1e300,\"method\":\"version\"}\n".utf8), on: socket, reader: &reader)) == -32600)
        let version = try exchange(Array("{\"jsonrpc\":\"2.0\",\"id\":\"v\",\"method\":\"version\"}\n".utf8), on: socket, reader: &reader)
        #expect(version["id"] as? String == "v")
        #expect((version["result"] as? [String: Any])?["version"] is String)
        socket.close()

        // A client that sends half a line and vanishes, and many that connect and go.
        let truncated = try Socket.connectUnix(path: daemon.socketPath)
        try truncated.write(Array("{\"jsonrpc\":\"2.0\",\"id\":1,\"meth".utf8))
        truncated.close()
        for _ in 0..<200 { try Socket.connectUnix(path: daemon.socketPath).close() }

        #expect(daemon.newsctl(["stats"]).status == 0)
        #expect(try daemon.stop() == 0)
    }

    @Test func socketFileIsGroupOnly() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig()
        try daemon.start()
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        #expect(try daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test func newsctlWithoutADaemonSaysSoAndExits69() throws {
        let result = CommandResult.run(Binaries.url("newsctl"), ["--socket", "/tmp/newsd-absent.sock", "feed", "list"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("/tmp/newsd-absent.sock"))
    }
}
