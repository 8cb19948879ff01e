import CZlib
import Foundation

/// gzip (RFC 1952) decompression through zlib, the one place newsd calls zlib.
///
/// Pure and bounded: the output is capped, so a "zip bomb" costs at most `limit` bytes.
public enum Gzip {
    /// Whether the bytes start with the gzip magic number (`1f 8b`).
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The decompressed bytes of a gzip stream (several members are read one after another).
    ///
    /// - Parameters:
    ///   - data: the compressed bytes.
    ///   - limit: the most bytes to produce; more is an error.
    /// - Throws: ``MarkupError`` (`.parseFailed`) for a corrupt or truncated stream,
    ///   (`.tooLarge`) past `limit`.
    public static func decompress(_ data: Data, limit: Int = 256 << 20) throws(MarkupError) -> Data {
        var stream = z_stream()
        // 15 window bits + 32: zlib or gzip header, detected automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw MarkupError(.parseFailed, "zlib could not start a gzip decoder")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let input = Array(data)
        var status = Z_OK
        try input.withUnsafeBufferPointer { (source) throws(MarkupError) in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= limit else {
                    throw MarkupError(.tooLarge, "the gzip stream inflates past \(limit) bytes")
                }
                if status == Z_STREAM_END {
                    // Another gzip member may follow (concatenated .gz files).
                    guard stream.avail_in > 0 else { return }
                    guard inflateReset(&stream) == Z_OK else { break }
                    continue
                }
                if status == Z_BUF_ERROR, stream.avail_in == 0 { break }
                guard status == Z_OK || status == Z_BUF_ERROR else { break }
            }
            throw MarkupError(.parseFailed, "the gzip stream is corrupt or truncated")
        }
        return output
    }
}
