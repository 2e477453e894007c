#ifndef NEURASCORE_CNCURSES_SHIM_H
#define NEURASCORE_CNCURSES_SHIM_H
// SwiftPM drops this flag from pkg-config; without it cchar_t and setcchar do not import.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>

// Swift 6 rejects mutable C globals and cannot import function-like macros: expose getters.
static inline WINDOW *ns_stdscr(void) { return stdscr; }
static inline int ns_lines(void) { return LINES; }
static inline int ns_cols(void) { return COLS; }
static inline int ns_colors(void) { return COLORS; }
static inline int ns_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t ns_a_bold(void) { return A_BOLD; }
static inline attr_t ns_a_reverse(void) { return A_REVERSE; }
static inline attr_t ns_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ns_a_dim(void) { return A_DIM; }
static inline attr_t ns_a_normal(void) { return A_NORMAL; }
static inline int ns_key_resize(void) { return KEY_RESIZE; }
static inline int ns_key_mouse(void) { return KEY_MOUSE; }

#endif
