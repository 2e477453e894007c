import Foundation

/// What "style" means, once for the CLI and the composer: a kind of music. Each bundled model
/// is trained on one kind (`chorale`, `folk`), so a style names a model; a model trained on
/// several kinds at once also answers to the STYLE tokens it was trained with. `--style folk`
/// and `:style folk` pick the folk model; `--model PATH --style NAME` picks a token of that model.
public struct ModelChoice: Sendable, Hashable {
    public var url: URL
    /// How the user and the take record name the model: its name, or its file name for a path.
    public var name: String
    /// The model's STYLE token to generate with; nil for a model trained on one style.
    public var style: String?
}

extension ModelLocator {
    /// Resolves `--model`/`--style` (or `:model`/`:style`) to a model and a style token, refusing
    /// unknown names with the list of valid ones. Loads the model only to read its styles.
    public func choose(model: String?, style: String?) throws(ModelError) -> ModelChoice {
        let installed = self.installed()
        let installedNames = installed.map(\.name)
        if model == nil, let style, let entry = installed.first(where: { $0.name == style }) {
            return ModelChoice(url: entry.url, name: entry.name, style: try Self.styles(of: entry.url).first)
        }
        let url = try resolve(model)
        let styles = try Self.styles(of: url)
        let name = model.map { $0.contains("/") || $0.hasSuffix(".safetensors") ? url.lastPathComponent : $0 }
            ?? Self.defaultModelName
        guard let style else { return ModelChoice(url: url, name: name, style: styles.first) }
        guard styles.contains(style) else {
            throw .unknownStyle(style, model: model.map { _ in name }, modelStyles: styles, installed: installedNames)
        }
        return ModelChoice(url: url, name: name, style: style)
    }

    private static func styles(of url: URL) throws(ModelError) -> [String] {
        try NeuraModel.load(contentsOf: url).encoding.styles
    }
}
