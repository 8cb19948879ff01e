import Markup

/// What each tag name, class name and whole `class`/`id` value of a page says, worked out once
/// per page: pages repeat a small vocabulary of names, and the same values on many elements.
///
/// One per extraction (not shared between threads). A table that reaches its limit (a hostile
/// page) is emptied and filled again.
final class HintCache {
    private var tokens: [String: ClassHints.TokenHints] = [:]
    /// Whole `class`/`id` values: pages repeat the same few values on many elements.
    private var values: [String: ClassHints.NameHints] = [:]
    private var tags: [UInt64: (String, TagInfo)] = [:]
    private var longTags: [String: TagInfo] = [:]
    /// ``authorPatterns`` groups found in each class or id value.
    private var authorGroups: [String: Int] = [:]

    private static let tableLimit = 50_000

    init() {
        // Room for a typical page's vocabulary (a few hundred values and class names), so the
        // tables are not rehashed as they grow.
        tokens.reserveCapacity(512)
        values.reserveCapacity(512)
        tags.reserveCapacity(128)
        authorGroups.reserveCapacity(512)
    }

    /// An element's name and what it is, by the name's packed bytes (no string built for a
    /// name seen before on the page).
    func tag(packed key: UInt64, name: HTMLTagName) -> (String, TagInfo) {
        if key != 0 {
            if let known = tags[key] { return known }
            let entry = (name.string, TagInfo(name.string))
            Self.insert(entry, for: key, into: &tags)
            return entry
        }
        let string = name.string
        if let known = longTags[string] { return (string, known) }
        let info = TagInfo(string)
        Self.insert(info, for: string, into: &longTags)
        return (string, info)
    }

    /// The hints of an element from its `class`, `id` and `role`.
    func hints(className: String?, id: String?, role: String?) -> ClassHints {
        if className == nil, id == nil, role == nil { return .none }
        return ClassHints(className: names(className), id: names(id), role: role)
    }

    /// A class or id such as `byline`, `author-name`, `post-author` (not an author's photo or
    /// biography box).
    func namesAuthor(className: String?, id: String?) -> Bool {
        (authorNamed(className) | authorNamed(id)) & 3 == 1
    }

    private func names(_ value: String?) -> ClassHints.NameHints {
        var result = ClassHints.NameHints()
        guard let value, !value.isEmpty else { return result }
        if let known = values[value] { return known }
        defer { Self.insert(result, for: value, into: &values) }
        var negative = false
        var positive = false
        for name in value.utf8.split(whereSeparator: { $0 <= 0x20 }) {
            let key = String(Substring(name))
            let token: ClassHints.TokenHints
            if let known = tokens[key] {
                token = known
            } else {
                token = ClassHints.TokenHints(key.asciiLowercased)
                Self.insert(token, for: key, into: &tokens)
            }
            result.add(token, negative: &negative, positive: &positive)
        }
        result.finish(negative: negative, positive: positive)
        return result
    }

    private func authorNamed(_ value: String?) -> Int {
        guard let value, !value.isEmpty else { return 0 }
        if let known = authorGroups[value] { return known }
        let found = Self.authorPatterns.groups(in: value.asciiLowercased)
        Self.insert(found, for: value, into: &authorGroups)
        return found
    }

    private static let authorPatterns = PatternSet([
        ["author", "byline"],
        ["avatar", "bio", "image", "img", "photo", "thumb", "about", "box", "card", "social", "follow", "more"],
    ])

    private static func insert<Key: Hashable, Value>(_ value: Value, for key: Key, into table: inout [Key: Value]) {
        if table.count >= tableLimit { table.removeAll() }
        table[key] = value
    }
}
