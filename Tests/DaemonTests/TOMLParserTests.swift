import FeedFarm
import Testing

@testable import Daemon

/// Parses `text`, returning the error it throws, or nil if it parses.
private func parseError(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLParser.parse(text)
        return nil
    } catch {
        return error
    }
}

@Suite("TOML values")
struct TOMLValueTests {
    @Test func basicStringsUnescapeEverything() throws {
        let table = try TOMLParser.parse(
            #"""
            s = "tab\there \"quoted\" back\\slash \b\f\r\n é \u00E9 \U0001F600"
            empty = ""
            """#)
        #expect(table["s"]?.stringValue == "tab\there \"quoted\" back\\slash \u{8}\u{C}\r\n é é 😀")
        #expect(table["empty"]?.stringValue == "")
    }

    @Test func literalStringsAreTakenAsWritten() throws {
        let table = try TOMLParser.parse(
            #"""
            path = 'C:\Users\nodejs\templates'
            regex = '<\i\c*\s*>'
            quoted = 'Tom "Dubs" Preston-Werner'
            """#)
        #expect(table["path"]?.stringValue == #"C:\Users\nodejs\templates"#)
        #expect(table["regex"]?.stringValue == #"<\i\c*\s*>"#)
        #expect(table["quoted"]?.stringValue == #"Tom "Dubs" Preston-Werner"#)
    }

    @Test func multilineBasicStrings() throws {
        let table = try TOMLParser.parse(
            "a = \"\"\"\nRoses are red\r\nViolets are blue\"\"\"\n"
                + "b = \"\"\"\\\n    The quick \\\n\n\n    brown fox.\\\n    \"\"\"\n"
                + "c = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\n"
                + "d = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"\n"
                + "e = \"\"\"tab\\tand \\u0041\"\"\"\n")
        #expect(table["a"]?.stringValue == "Roses are red\nViolets are blue")
        #expect(table["b"]?.stringValue == "The quick brown fox.")
        #expect(table["c"]?.stringValue == "Here are two quotation marks: \"\". Simple enough.")
        #expect(table["d"]?.stringValue == "\"This,\" she said, \"is just a pointless statement.\"")
        #expect(table["e"]?.stringValue == "tab\tand A")
    }

    @Test func multilineLiteralStrings() throws {
        let table = try TOMLParser.parse(
            "re = '''I [dw]on't need \\d{2} apples'''\n"
                + "lines = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n"
                + "quotes = ''''That,' she said, 'is still pointless.''''\n")
        #expect(table["re"]?.stringValue == #"I [dw]on't need \d{2} apples"#)
        #expect(
            table["lines"]?.stringValue
                == "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n")
        #expect(table["quotes"]?.stringValue == "'That,' she said, 'is still pointless.'")
    }

    @Test func integersInEveryNotation() throws {
        let table = try TOMLParser.parse(
            """
            a = +99
            b = 42
            c = 0
            d = -17
            e = 1_000
            f = 5_349_221
            g = 0xDEADBEEF
            h = 0xdead_beef
            i = 0o755
            j = 0b1101_0110
            max = 9223372036854775807
            min = -9223372036854775808
            zero = -0
            """)
        let expected: [(String, Int64)] = [
            ("a", 99), ("b", 42), ("c", 0), ("d", -17), ("e", 1000), ("f", 5_349_221), ("g", 0xDEAD_BEEF),
            ("h", 0xDEAD_BEEF), ("i", 0o755), ("j", 0b1101_0110), ("max", .max), ("min", .min), ("zero", 0),
        ]
        for (key, value) in expected {
            #expect(table[key]?.integerValue == value, "\(key)")
        }
    }

    @Test func floats() throws {
        let table = try TOMLParser.parse(
            """
            a = +1.0
            b = 3.1415
            c = -0.01
            d = 5e+22
            e = 1e06
            f = -2E-2
            g = 6.626e-34
            h = 224_617.445_991_228
            i = inf
            j = -inf
            k = nan
            l = +nan
            m = 0.0
            """)
        #expect(table["a"]?.floatValue == 1.0)
        #expect(table["b"]?.floatValue == 3.1415)
        #expect(table["c"]?.floatValue == -0.01)
        #expect(table["d"]?.floatValue == 5e22)
        #expect(table["e"]?.floatValue == 1e6)
        #expect(table["f"]?.floatValue == -0.02)
        #expect(table["g"]?.floatValue == 6.626e-34)
        #expect(table["h"]?.floatValue == 224_617.445_991_228)
        #expect(table["i"]?.floatValue == .infinity)
        #expect(table["j"]?.floatValue == -.infinity)
        #expect(table["k"]?.floatValue?.isNaN == true)
        #expect(table["l"]?.floatValue?.isNaN == true)
        #expect(table["m"]?.floatValue == 0)
    }

    @Test func booleans() throws {
        let table = try TOMLParser.parse("yes = true\nno = false\n")
        #expect(table["yes"]?.boolValue == true)
        #expect(table["no"]?.boolValue == false)
        #expect(table["yes"]?.typeName == "boolean")
    }

    @Test func dateTimesAreKeptAsWritten() throws {
        let table = try TOMLParser.parse(
            """
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999+07:00
            odt4 = 1979-05-27 07:32:00Z
            ldt = 1979-05-27T07:32:00
            ld = 2024-02-29
            lt = 00:32:00.999999
            arr = [1979-05-27, 07:32:00]
            """)
        #expect(table["odt1"]?.kind == .dateTime("1979-05-27T07:32:00Z"))
        #expect(table["odt2"]?.kind == .dateTime("1979-05-27T00:32:00-07:00"))
        #expect(table["odt3"]?.kind == .dateTime("1979-05-27T00:32:00.999999+07:00"))
        #expect(table["odt4"]?.kind == .dateTime("1979-05-27 07:32:00Z"))
        #expect(table["ldt"]?.kind == .dateTime("1979-05-27T07:32:00"))
        #expect(table["ld"]?.kind == .dateTime("2024-02-29"))
        #expect(table["lt"]?.kind == .dateTime("00:32:00.999999"))
        #expect(table["arr"]?.arrayValue?.map(\.kind) == [.dateTime("1979-05-27"), .dateTime("07:32:00")])
    }

    @Test func arraysSpanLinesWithCommentsAndTrailingCommas() throws {
        let table = try TOMLParser.parse(
            """
            integers = [ 1, 2, 3 ]
            nested = [ [ 1, 2 ], ["a", 'b'], [] ]
            mixed = [ 0.1, "x", { k = 1 } ]
            long = [   # a comment after the bracket
              "one",   # the first
              # a line of comment
              "two",
            ]
            empty = [
            ]
            """)
        #expect(table["integers"]?.arrayValue?.compactMap(\.integerValue) == [1, 2, 3])
        let nested = try #require(table["nested"]?.arrayValue)
        #expect(nested.count == 3)
        #expect(nested[1].arrayValue?.compactMap(\.stringValue) == ["a", "b"])
        #expect(nested[2].arrayValue?.isEmpty == true)
        let mixed = try #require(table["mixed"]?.arrayValue)
        #expect(mixed.map(\.typeName) == ["float", "string", "table"])
        #expect(mixed[2].tableValue?["k"]?.integerValue == 1)
        let long = try #require(table["long"]?.arrayValue)
        #expect(long.compactMap(\.stringValue) == ["one", "two"])
        #expect(long.map(\.line) == [5, 7])
        #expect(table["empty"]?.arrayValue?.isEmpty == true)
    }

    @Test func inlineTables() throws {
        let table = try TOMLParser.parse(
            """
            name = { first = "Tom", last = "Preston-Werner" }
            point = {x=1,y=2}
            animal = { type.name = "pug", type.size = "small" }
            empty = {}
            deep = { a = { b = { c = [1, { d = true }] } } }
            """)
        #expect(table.value(atPath: ["name", "first"])?.stringValue == "Tom")
        #expect(table.value(atPath: ["name"])?.tableValue?.keys == ["first", "last"])
        #expect(table.value(atPath: ["point", "y"])?.integerValue == 2)
        #expect(table.value(atPath: ["animal", "type", "name"])?.stringValue == "pug")
        #expect(table.value(atPath: ["animal", "type", "size"])?.stringValue == "small")
        #expect(table["empty"]?.tableValue?.isEmpty == true)
        let array = try #require(table.value(atPath: ["deep", "a", "b", "c"])?.arrayValue)
        #expect(array[1].tableValue?["d"]?.boolValue == true)
    }

    @Test func keysBareQuotedAndDotted() throws {
        let table = try TOMLParser.parse(
            """
            bare_key-1 = 1
            1234 = 2
            "127.0.0.1" = 3
            "ʎǝʞ" = 4
            'quoted "value"' = 5
            "" = 6
            site."google.com" = 7
            fruit . color = "yellow"
            fruit.flavor = "banana"
            3.14159 = "pi"
            """)
        #expect(table["bare_key-1"]?.integerValue == 1)
        #expect(table["1234"]?.integerValue == 2)
        #expect(table["127.0.0.1"]?.integerValue == 3)
        #expect(table["ʎǝʞ"]?.integerValue == 4)
        #expect(table["quoted \"value\""]?.integerValue == 5)
        #expect(table[""]?.integerValue == 6)
        #expect(table.value(atPath: ["site", "google.com"])?.integerValue == 7)
        #expect(table.value(atPath: ["fruit", "color"])?.stringValue == "yellow")
        #expect(table.value(atPath: ["fruit", "flavor"])?.stringValue == "banana")
        #expect(table.value(atPath: ["3", "14159"])?.stringValue == "pi")
        #expect(table.keys == ["bare_key-1", "1234", "127.0.0.1", "ʎǝʞ", "quoted \"value\"", "", "site", "fruit", "3"])
    }

    @Test func arabicSurvivesInKeysAndValues() throws {
        let table = try TOMLParser.parse(
            """
            "عربي" = "أخبار اليوم"
            tags = ["عربي", 'ar']
            """)
        #expect(table["عربي"]?.stringValue == "أخبار اليوم")
        #expect(table["tags"]?.arrayValue?.compactMap(\.stringValue) == ["عربي", "ar"])
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let table = try TOMLParser.parse("\u{FEFF}a = 1\n")
        #expect(table["a"]?.integerValue == 1)
    }

    @Test func crlfLineEndings() throws {
        let table = try TOMLParser.parse("a = 1\r\n# comment\r\n[t]\r\nb = 2\r\n")
        #expect(table["a"]?.integerValue == 1)
        #expect(table.value(atPath: ["t", "b"])?.integerValue == 2)
        #expect(table.entry(forKey: "t")?.keyLine == 3)
    }
}

@Suite("TOML tables")
struct TOMLTableTests {
    @Test func tablesAndSuperTables() throws {
        let table = try TOMLParser.parse(
            """
            [a.b.c]
            x = 1
            [ d . "e" . f ]
            y = 2
            [a]
            z = 3
            [a.b]
            w = 4
            """)
        #expect(table.value(atPath: ["a", "b", "c", "x"])?.integerValue == 1)
        #expect(table.value(atPath: ["d", "e", "f", "y"])?.integerValue == 2)
        #expect(table.value(atPath: ["a", "z"])?.integerValue == 3)
        #expect(table.value(atPath: ["a", "b", "w"])?.integerValue == 4)
        // A table first named implicitly takes the line of the header that defines it.
        #expect(table["a"]?.line == 5)
        #expect(table.entry(forKey: "a")?.keyLine == 1)
    }

    @Test func dottedKeysAndSubTables() throws {
        let table = try TOMLParser.parse(
            """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            """)
        #expect(table.value(atPath: ["fruit", "apple", "color"])?.stringValue == "red")
        #expect(table.value(atPath: ["fruit", "apple", "taste", "sweet"])?.boolValue == true)
        #expect(table.value(atPath: ["fruit", "apple", "texture", "smooth"])?.boolValue == true)
    }

    @Test func arraysOfTables() throws {
        let table = try TOMLParser.parse(
            """
            [[fruits]]
            name = "apple"

            [fruits.physical]
            color = "red"

            [[fruits.varieties]]
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """)
        let fruits = try #require(table["fruits"]?.arrayValue)
        #expect(fruits.count == 2)
        #expect(fruits.map(\.line) == [1, 13])
        #expect(table.entry(forKey: "fruits")?.keyLine == 1)
        let apple = try #require(fruits[0].tableValue)
        #expect(apple["name"]?.stringValue == "apple")
        #expect(apple.value(atPath: ["physical", "color"])?.stringValue == "red")
        #expect(
            apple["varieties"]?.arrayValue?.compactMap { $0.tableValue?["name"]?.stringValue } == [
                "red delicious", "granny smith",
            ])
        let banana = try #require(fruits[1].tableValue)
        #expect(banana["varieties"]?.arrayValue?.compactMap { $0.tableValue?["name"]?.stringValue } == ["plantain"])
    }

    @Test func everyKeyAndValueKnowsItsLine() throws {
        let table = try TOMLParser.parse(
            """
            # comment
            top = 1

            [section]
            key = "v"
            list = [
              1,
              2,
            ]
            text = \"\"\"
            two
            lines\"\"\"
            after = true
            """)
        #expect(table.entry(forKey: "top")?.keyLine == 2)
        #expect(table["top"]?.line == 2)
        #expect(table.entry(forKey: "section")?.keyLine == 4)
        let section = try #require(table["section"]?.tableValue)
        #expect(section.entry(forKey: "key")?.keyLine == 5)
        #expect(section["list"]?.line == 6)
        #expect(section["list"]?.arrayValue?.map(\.line) == [7, 8])
        #expect(section["text"]?.line == 10)
        #expect(section.entry(forKey: "after")?.keyLine == 13)
        #expect(section.keys == ["key", "list", "text", "after"])
    }
}

@Suite("TOML errors")
struct TOMLErrorTests {
    @Test func duplicateKey() throws {
        let error = try #require(parseError("a = 1\nb = 2\na = 3\n"))
        #expect(error.code == .duplicateKey)
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.message.contains("line 1"))
    }

    @Test func duplicateKeyInsideTablesAndDottedKeys() throws {
        let error = try #require(parseError("[t]\nx.y = 1\nx.y = 2\n"))
        #expect(error.code == .duplicateKey)
        #expect(error.line == 3)
        #expect(error.message.contains("\"x.y\""))
        let inline = try #require(parseError("p = { a = 1, a = 2 }"))
        #expect(inline.code == .duplicateKey)
        #expect(inline.column == 14)
    }

    @Test func redefinedTable() throws {
        let error = try #require(parseError("[a]\nx = 1\n\n[a]\ny = 2\n"))
        #expect(error.code == .redefinedTable)
        #expect(error.line == 4)
        #expect(error.message.contains("[a]"))
        #expect(error.message.contains("line 1"))
    }

    @Test(arguments: [
        ("[fruit]\napple.color = 'red'\n[fruit.apple]\n", 3),  // header after dotted keys
        ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 4),  // dotted keys into a header table
        ("a = 1\n[a]\n", 2),  // value, then table
        ("a = [1]\n[[a]]\n", 2),  // static array, then array of tables
        ("[[a]]\n[a]\n", 2),  // array of tables, then table
        ("[a]\n[[a]]\n", 2),  // table, then array of tables
        ("a = {x = 1}\n[a.b]\n", 2),  // inline tables are complete
        ("a = {x = 1}\na.y = 2\n", 2),
        ("[[a]]\n[a]\nb.y = 2\n", 2),
    ])
    func tablesCannotBeRedefined(text: String, line: Int) throws {
        let error = try #require(parseError(text))
        #expect(error.code == .redefinedTable || error.code == .duplicateKey)
        #expect(error.line == line)
    }

    @Test(arguments: [
        ("a = 1 b = 2", 1, 7),
        ("a = ", 1, 5),
        ("= 1", 1, 1),
        ("a 1", 1, 3),
        ("\n\nkey = value", 3, 7),
        ("a = \"open", 1, 5),
        ("a = 'open\n'", 1, 5),
        ("a = \"\"\"never closed", 1, 5),
        ("a = '''never closed", 1, 5),
        ("a = [1, 2", 1, 10),
        ("a = [1 2]", 1, 8),
        ("a = [,]", 1, 6),
        ("a = { b = 1, }", 1, 14),
        ("a = { b = 1\n}", 1, 12),
        ("[table\nx = 1", 1, 7),
        ("[[table]\n", 1, 8),
        ("a = \"bad \\q escape\"", 1, 10),
        ("a = \"\\uD800\"", 1, 6),
        ("a = \"\\u12\"", 1, 6),
        ("a = \"tab\u{1}\"", 1, 9),
        ("a = 1 # bell \u{7}", 1, 14),
        ("a = 1\rb = 2", 1, 6),
        ("a = 012", 1, 5),
        ("a = 1__000", 1, 5),
        ("a = _1", 1, 5),
        ("a = 1_", 1, 5),
        ("a = 0x", 1, 5),
        ("a = 0xG", 1, 5),
        ("a = +0x10", 1, 5),
        ("a = 9223372036854775808", 1, 5),
        ("a = -9223372036854775809", 1, 5),
        ("a = 0x8000000000000000", 1, 5),
        ("a = .7", 1, 5),
        ("a = 7.", 1, 5),
        ("a = 3.e+20", 1, 5),
        ("a = 1e", 1, 5),
        ("a = 01.5", 1, 5),
        ("a = TRUE", 1, 5),
        ("a = truely", 1, 5),
        ("a = 1979-02-30", 1, 5),
        ("a = 1979-13-01", 1, 5),
        ("a = 1979-05-27T25:00:00", 1, 5),
        ("a = 1979-05-27T07:32", 1, 5),
        ("a = 1979-05-27T07:32:00+25:00", 1, 5),
        ("a = 07:32:00Z", 1, 5),
        ("\"\"\"key\"\"\" = 1", 1, 1),
        ("a.b. = 1", 1, 6),
        ("x = 1\n  عربي = 2\n", 2, 3),
        ("x = \"عربي\" y", 1, 12),
    ])
    func syntaxErrorsPointAtTheProblem(text: String, line: Int, column: Int) throws {
        let error = try #require(parseError(text), "\(text) should not parse")
        #expect(error.line == line, "\(text): \(error)")
        #expect(error.column == column, "\(text): \(error)")
        #expect(!error.message.isEmpty)
    }

    @Test func messagesAreForHumans() throws {
        let arabicKey = try #require(parseError("عربي = 1"))
        #expect(arabicKey.message.contains("must be quoted"))
        let inline = try #require(parseError("a = {x = 1}\n[a.b]\n"))
        #expect(inline.message == "cannot define a table under \"a\": it is already an inline table (line 1)")
        let integer = try #require(parseError("a = 1\n[a]\n"))
        #expect(integer.message == "cannot define table [a]: the key is already an integer (line 1)")
        let unquoted = try #require(parseError("name = hello"))
        #expect(unquoted.message.contains("strings must be quoted"))
        #expect(unquoted.description == "line 1, column 8: \(unquoted.message)")
        let escape = try #require(parseError("a = \"\\e\""))
        #expect(escape.code == .invalidValue)
        #expect(escape.message.contains("\\uXXXX"))
        let overflow = try #require(parseError("big = 99999999999999999999"))
        #expect(overflow.code == .invalidValue)
        #expect(overflow.message.contains("64-bit"))
    }
}

@Suite("TOML on hostile input")
struct TOMLHostileInputTests {
    @Test func deeplyNestedArraysAreRefused() throws {
        let depth = 100_000
        let text = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(parseError(text))
        #expect(error.code == .tooDeep)
        #expect(error.line == 1)
    }

    @Test func deeplyNestedInlineTablesAreRefused() throws {
        let text = "a = " + String(repeating: "{b = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let error = try #require(parseError(text))
        #expect(error.code == .tooDeep)
    }

    @Test func nestingJustInsideTheLimitParses() throws {
        let depth = TOMLParser.maximumDepth - 1
        let text = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let table = try TOMLParser.parse(text)
        var value = try #require(table["a"])
        var levels = 1
        while let inner = value.arrayValue?.first {
            value = inner
            levels += 1
        }
        #expect(levels == depth)
    }

    @Test func longDottedKeysAndHeadersAreRefused() throws {
        let key = Array(repeating: "k", count: 10_000).joined(separator: ".")
        #expect(parseError("\(key) = 1")?.code == .tooDeep)
        #expect(parseError("[\(key)]")?.code == .tooDeep)
        #expect(parseError("[[\(key)]]")?.code == .tooDeep)
        let tablesDeep = (0..<40).map { "[\(Array(repeating: "t", count: $0 + 1).joined(separator: "."))]" }.joined(
            separator: "\n")
        let mixed = tablesDeep + "\nx = " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(parseError(mixed)?.code == .tooDeep)
    }

    @Test func manyKeysParse() throws {
        let text = (0..<50_000).map { "key\($0) = \($0)" }.joined(separator: "\n")
        let table = try TOMLParser.parse(text)
        #expect(table.count == 50_000)
        #expect(table["key49999"]?.integerValue == 49_999)
        #expect(table.entry(forKey: "key49999")?.keyLine == 50_000)
    }

    @Test func garbageIsAnErrorNotACrash() {
        var generator = SeededRandom(seed: 0x5EED)
        let alphabet = Array("ab=[]{}\"'#.,\n\r\t \\u0x1e+-:_TZ\u{0}\u{7F}é😀ع")
        var failures = 0
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 60)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            if let error = parseError(text) {
                failures += 1
                #expect(error.line >= 1 && error.column >= 1)
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failures > 1_000)
    }

    @Test func randomBytesAreAnErrorNotACrash() {
        var generator = SeededRandom(seed: 42)
        for _ in 0..<200 {
            let bytes = (0..<512).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(parseError(text) != nil)
        }
    }

    @Test func hugeInputFailsAtTheRightLine() throws {
        let text = String(repeating: "a = 1\n", count: 200_000)
        let error = try #require(parseError(text))
        #expect(error.code == .duplicateKey)
        #expect(error.line == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func oneVeryLongLineParsesInLinearTime() throws {
        let array = try TOMLParser.parse("a = [" + String(repeating: "\"x\",", count: 100_000) + "]")
        #expect(array["a"]?.arrayValue?.count == 100_000)
        let inline = try TOMLParser.parse("a = {" + (0..<50_000).map { "k\($0) = 1" }.joined(separator: ", ") + "}")
        #expect(inline["a"]?.tableValue?.count == 50_000)
        let late = try #require(parseError("a = [" + String(repeating: "1,", count: 100_000) + "?]"))
        #expect(late.column == 200_006)
    }

    @Test(.timeLimit(.minutes(1)))
    func manyArrayOfTablesHeadersParseInLinearTime() throws {
        let table = try TOMLParser.parse(String(repeating: "[[f]]\nurl = 1\n", count: 100_000))
        #expect(table["f"]?.arrayValue?.count == 100_000)
        #expect(table["f"]?.arrayValue?.last?.line == 199_999)
    }

    @Test func hugeStringParses() throws {
        let long = String(repeating: "x", count: 1 << 20)
        let table = try TOMLParser.parse("s = \"\(long)\"")
        #expect(table["s"]?.stringValue?.count == 1 << 20)
    }
}
