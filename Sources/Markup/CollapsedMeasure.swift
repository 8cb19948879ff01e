/// The length and comma count a text would have after ``PlainText/collapsingWhitespace(_:)``,
/// measured over its pieces as they come, without building the joined or collapsed string.
///
/// `add` the pieces in order and `addSpace` where a separator goes; ``length`` is then the
/// number of Unicode scalars of the collapsed text, exactly.
public struct CollapsedMeasure: Sendable {
    /// Unicode scalars of the collapsed text so far (a pending space not counted yet).
    public private(set) var length = 0
    /// Commas (`,`, `،`, `，`, `、`) in the text.
    public private(set) var commas = 0
    private var pendingSpace = false

    public init() {}

    /// A separator: one space between what came before and what comes next, if both are text.
    public mutating func addSpace() {
        if length > 0 { pendingSpace = true }
    }

    /// The next piece of the text.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    if byte > 0x20 && byte != 0x7F {
                        emit()
                        if byte == 0x2C { commas += 1 }
                    } else if length > 0 {
                        pendingSpace = true
                    }
                    continue
                }
                guard let (value, width) = UTF8Scan.scalar(in: bytes, at: index) else { return }
                index += width
                switch value {
                case 0x200B, 0xFEFF, 0x00AD:
                    continue
                case 0x0085, 0x00A0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                    if length > 0 { pendingSpace = true }
                case 0x0080...0x009F:
                    if PlainText.windows1252[value] != nil { emit() }
                case 0x060C, 0xFF0C, 0x3001:
                    emit()
                    commas += 1
                default:
                    emit()
                }
            }
        }
    }

    @inline(__always) private mutating func emit() {
        if pendingSpace {
            length += 1
            pendingSpace = false
        }
        length += 1
    }
}
