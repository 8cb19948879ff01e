import Markup

/// Hands an ``XMLStreamParser``'s events to an ``XMLFeedReader``. The reader is a value type
/// so its state is reached without dynamic exclusivity checks; this class is the one object
/// the parser calls. Confined to the parsing thread.
final class XMLFeedEvents: XMLStreamDelegate {
    var reader: XMLFeedReader

    init(reader: XMLFeedReader) {
        self.reader = reader
    }

    func startElement(_ name: XMLStreamName, attributes: [XMLStreamAttribute], namespaces: [(prefix: String?, uri: String)]) {
        reader.startElement(name, attributes: attributes, namespaces: namespaces)
    }

    func endElement(_ name: XMLStreamName) {
        reader.endElement(name)
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        reader.characters(text)
    }
}
