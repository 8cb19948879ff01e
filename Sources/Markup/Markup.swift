import CLibXML2

/// Placeholder.
public func markupPlaceholderInit() { xmlInitParser() }
