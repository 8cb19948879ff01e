import Markup

/// A start tag's attributes by feedparser's keys (``XMLFeedReader/attributeKey(_:)``): a few
/// pairs searched in order (no hashing for the two or three attributes a feed element has).
struct AttributeList {
    private var pairs: [(key: String, value: String)] = []

    /// The attributes keyed by `key` (``XMLFeedReader/attributeKey(_:)``).
    init(_ attributes: [XMLStreamAttribute], key: (XMLStreamName) -> String) {
        guard !attributes.isEmpty else { return }
        pairs.reserveCapacity(attributes.count)
        for attribute in attributes {
            let key = key(attribute.name)
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = attribute.value
            } else {
                pairs.append((key, attribute.value))
            }
        }
    }

    var isEmpty: Bool { pairs.isEmpty }

    subscript(key: String) -> String? {
        pairs.first { $0.key == key }?.value
    }
}
