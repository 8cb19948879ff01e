import Markup

/// What each class name of a page says, worked out once per name: pages repeat a small
/// vocabulary of class names in many combinations, so this is cached per name, not per value.
///
/// One per extraction (not shared between threads). Also caches what each tag name is.
final class HintCache {
    private var tokens: [String: ClassHints.TokenHints] = [:]
    private var tags: [Int: (String, TagInfo)] = [:]

    /// An element's name and what it is, by libxml2's interned name (one lookup per element).
    func tag(of element: MarkupNode) -> (String, TagInfo) {
        let key = element.nameIdentity
        if key != 0, let known = tags[key] { return known }
        let name = element.name
        let entry = (name, TagInfo(name))
        if key != 0, tags.count < 10_000 { tags[key] = entry }
        return entry
    }

    /// The hints of an element from its `class`, `id` and `role`.
    func hints(className: String?, id: String?, role: String?) -> ClassHints {
        if className == nil, id == nil, role == nil { return .none }
        return ClassHints(className: names(className), id: names(id), role: role)
    }

    private func names(_ value: String?) -> ClassHints.NameHints {
        var result = ClassHints.NameHints()
        guard let value, !value.isEmpty else { return result }
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
