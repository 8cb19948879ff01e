/// The version of newsd, as reported in the default User-Agent and by `newsd --version`.
public let newsdVersion = "0.1.0"
