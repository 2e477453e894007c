/// What the composer's loop needs from a terminal. `Terminal` is the ncurses one; tests drive
/// the loop with a scripted one, as swift-nio's embedded channel stands in for sockets.
public protocol TerminalDevice: AnyObject {
    var size: TerminalSize { get }
    var supportsUnicode: Bool { get }
    var colorDepth: ColorDepth { get }
    /// Becomes readable when input is waiting; the loop polls it with the workers' wake pipe.
    var inputDescriptor: Int32 { get }
    func draw(_ grid: CellGrid)
    /// Everything waiting, without blocking.
    func readInputs() -> [TerminalInput]
    func setTheme(_ theme: Theme)
    /// The next frame redraws every cell.
    func invalidate()
    func restore()
}
