import CCurl
import CNewsdShim

public func fetchPlaceholderInit() { curl_global_init(Int(CURL_GLOBAL_ALL)) }
