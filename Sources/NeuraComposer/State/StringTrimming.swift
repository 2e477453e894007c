extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}

extension String {
    /// The text in at most `width` characters, for a status line. Paths lose their folders
    /// first ("…/take.mid"), because the file name and the reason after it are what a user
    /// needs; text still too long loses its middle, so both its start and its end stay readable.
    func fitted(toWidth width: Int) -> String {
        guard count > width else { return self }
        let shortened = split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            guard word.hasPrefix("/") || word.hasPrefix("~/"),
                  let slash = word.dropLast().lastIndex(of: "/"), slash != word.startIndex
            else { return word }
            return "…" + word[slash...]
        }.joined(separator: " ")
        guard shortened.count > width else { return shortened }
        guard width > 2 else { return String(shortened.prefix(max(0, width))) }
        let head = (width - 1) / 2
        return shortened.prefix(head) + "…" + shortened.suffix(width - 1 - head)
    }
}
