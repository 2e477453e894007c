/// Where `g` ends its continuation (`:end`). A setting: kept with the session, shown in the header.
public enum EndSetting: Hashable, Sendable {
    /// After the length in bars, wherever the music is then.
    case open
    /// Exactly at the end of this bar, counted from 1, on a cadence (`:cadence`).
    case atBar(Int)
    /// Where the model ends the piece, after at most the length in bars.
    case byTheModel

    /// As the header and the status line say it; nil for `open`, which needs no mention.
    public var label: String? {
        switch self {
        case .open: nil
        case .atBar(let bar): "end bar \(bar)"
        case .byTheModel: "end by the model"
        }
    }
}

extension EndSetting: Codable {
    /// The text `:end` takes, and the session keeps: "off", "model" or the bar number.
    init?(text: String) {
        switch text {
        case "off": self = .open
        case "model": self = .byTheModel
        default:
            guard let bar = Int(text), bar >= 1 else { return nil }
            self = .atBar(bar)
        }
    }

    var text: String {
        switch self {
        case .open: "off"
        case .atBar(let bar): "\(bar)"
        case .byTheModel: "model"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let setting = EndSetting(text: text) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not off, model or a bar number"))
        }
        self = setting
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
