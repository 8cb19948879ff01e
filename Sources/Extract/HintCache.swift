import Markup

/// What each tag name, class name and whole `class`/`id` value of a page says, worked out once
/// per page: pages repeat a small vocabulary of names, and the same values on many elements.
///
/// One per extraction. A table that reaches its limit (a hostile page) is emptied and filled
/// again.
struct HintCache {
    private var tokens = ByteKeyTable<ClassHints.TokenHints>(capacity: 256, limit: tableLimit)
    /// Whole `class`/`id` values: pages repeat the same few values on many elements.
    private var values = ByteKeyTable<ClassHints.NameHints>(capacity: 256, limit: tableLimit)
    /// Each element name's string and what the element is.
    private var tags = ByteKeyTable<(String, TagInfo)>(capacity: 128, limit: tableLimit)

    private static let tableLimit = 50_000

    /// An element's name and what it is (no string built for a name seen before on the page).
    mutating func tag(_ name: HTMLTagName) -> (String, TagInfo) {
        let bytes = name.buffer
        if let known = tags.value(for: bytes) { return known }
        let string = name.string
        let entry = (string, TagInfo(string))
        tags.insert(entry, for: bytes)
        return entry
    }

    /// The hints of an element from its `class`, `id` and `role`.
    mutating func hints(className: HTMLAttributeValue?, id: HTMLAttributeValue?, role: HTMLAttributeValue?) -> ClassHints {
        if className == nil, id == nil, role == nil { return .none }
        return ClassHints(className: names(className), id: names(id), role: role?.string)
    }

    /// A class or id such as `byline`, `author-name`, `post-author` (not an author's photo or
    /// biography box).
    mutating func namesAuthor(className: HTMLAttributeValue?, id: HTMLAttributeValue?) -> Bool {
        (names(className).authorGroups | names(id).authorGroups) & 3 == 1
    }

    private mutating func names(_ value: HTMLAttributeValue?) -> ClassHints.NameHints {
        var result = ClassHints.NameHints()
        guard let bytes = value?.bytes, !bytes.isEmpty else { return result }
        if let known = values.value(for: bytes) { return known }
        defer { values.insert(result, for: bytes) }
        var negative = false
        var positive = false
        var start = 0
        while start < bytes.count {
            guard bytes[start] > 0x20 else {
                start += 1
                continue
            }
            var end = start + 1
            while end < bytes.count, bytes[end] > 0x20 { end += 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let token: ClassHints.TokenHints
            if let known = tokens.value(for: name) {
                token = known
            } else {
                token = ClassHints.TokenHints(name)
                tokens.insert(token, for: name)
            }
            result.add(token, negative: &negative, positive: &positive)
            start = end
        }
        result.finish(negative: negative, positive: positive)
        return result
    }
}
