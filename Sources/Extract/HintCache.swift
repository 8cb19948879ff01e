import Markup

/// What each class name of a page says, worked out once per name and once per whole value:
/// pages repeat a small vocabulary of class names, and the same values on many elements.
///
/// One per extraction (not shared between threads). Also caches what each tag name is.
final class HintCache {
    private var tokens: [String: ClassHints.TokenHints] = [:]
    /// Whole `class`/`id` values: pages repeat the same few values on many elements.
    private var values: [String: ClassHints.NameHints] = [:]
    private var tags: [UInt64: (String, TagInfo)] = [:]
    private var longTags: [String: TagInfo] = [:]

    /// An element's name and what it is, by the name's packed bytes (no string built for a
    /// name seen before on the page).
    func tag(of element: MarkupNode) -> (String, TagInfo) {
        let key = element.packedName
        if key != 0 {
            if let known = tags[key] { return known }
            let name = element.name
            let entry = (name, TagInfo(name))
            if tags.count < 10_000 { tags[key] = entry }
            return entry
        }
        let name = element.name
        if let known = longTags[name] { return (name, known) }
        let info = TagInfo(name)
        if longTags.count < 10_000 { longTags[name] = info }
        return (name, info)
    }

    /// The hints of an element from its `class`, `id` and `role`.
    func hints(className: String?, id: String?, role: String?) -> ClassHints {
        if className == nil, id == nil, role == nil { return .none }
        return ClassHints(className: names(className), id: names(id), role: role)
    }

    private func names(_ value: String?) -> ClassHints.NameHints {
        var result = ClassHints.NameHints()
        guard let value, !value.isEmpty else { return result }
        if let known = values[value] { return known }
        defer { if values.count < 50_000 { values[value] = result } }
        var negative = false
        var positive = false
        for name in value.utf8.split(whereSeparator: { $0 <= 0x20 }) {
            let key = String(Substring(name))
            let token: ClassHints.TokenHints
            if let known = tokens[key] {
                token = known
            } else {
                token = ClassHints.TokenHints(key.asciiLowercased)
                if tokens.count < 50_000 { tokens[key] = token }
            }
            result.add(token, negative: &negative, positive: &positive)
        }
        result.finish(negative: negative, positive: positive)
        return result
    }
}
