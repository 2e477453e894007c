import CNcurses
import NeuraCore
import NeuraMusic
