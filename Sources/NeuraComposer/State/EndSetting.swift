/// Where `g` ends its continuation (`:end`). A setting: kept with the session, shown in the header.
public enum EndSetting: Hashable, Sendable {
    /// After the length in bars, wherever the music is then.
    case open
    /// Exactly at the end of this bar, counted from 1, on a close the model prepares for.
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
    /// Saved as the text `:end` takes: "off", "model" or the bar number.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "off": self = .open
        case "model": self = .byTheModel
        default:
            guard let bar = Int(text), bar >= 1 else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not off, model or a bar number"))
            }
            self = .atBar(bar)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .open: try container.encode("off")
        case .atBar(let bar): try container.encode("\(bar)")
        case .byTheModel: try container.encode("model")
        }
    }
}
