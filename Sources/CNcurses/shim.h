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

// --- Added for the composer's terminal shell -------------------------------------------------
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

static inline mmask_t ns_mouse_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ns_mouse_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ns_mouse_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t ns_mouse_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t ns_mouse_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t ns_mouse_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t ns_mouse_button5_pressed(void) { return 0; }
#endif

// One read of the keyboard. Returns OK (a character in *value), KEY_CODE_YES (a key code in
// *value) or ERR (nothing waiting). Keeps wint_t out of Swift.
static inline int ns_read_key(unsigned int *value) {
    wint_t ch = 0;
    int kind = wget_wch(stdscr, &ch);
    *value = (unsigned int)ch;
    return kind;
}

// The last mouse event: cell position and button state. Returns ERR if there is none.
static inline int ns_read_mouse(int *x, int *y, unsigned long *buttons) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x;
    *y = event.y;
    *buttons = (unsigned long)event.bstate;
    return OK;
}

// Writes one cell. `pair` may exceed SHRT_MAX: setcchar takes extended pairs through `opts`.
static inline int ns_put_cell(int y, int x, unsigned int glyph, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[2] = { (wchar_t)glyph, 0 };
    if (setcchar(&cell, text, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

// A crash must not leave the terminal in raw mode: restore it, then die of the same signal.
static void ns_fatal_signal_handler(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void ns_install_fatal_signal_restore(void) {
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = ns_fatal_signal_handler;
        action.sa_flags = SA_RESETHAND;
        sigaction(signals[i], &action, NULL);
    }
}

// SIGTERM, SIGHUP and SIGINT ask the UI loop to save and leave: the handler only records the
// signal and writes a byte to the loop's wake pipe, both async-signal-safe. The flag is
// static in this header, so install and poll it from the same Swift file (ComposerApp.swift).
static volatile sig_atomic_t ns_termination_signal = 0;
static int ns_termination_wake_fd = -1;

static void ns_termination_handler(int sig) {
    ns_termination_signal = sig;
    if (ns_termination_wake_fd >= 0) {
        char byte = 1;
        ssize_t ignored = write(ns_termination_wake_fd, &byte, 1);
        (void)ignored;
    }
}

static inline void ns_install_termination_handlers(int wake_fd) {
    ns_termination_wake_fd = wake_fd;
    int signals[] = { SIGTERM, SIGHUP, SIGINT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = ns_termination_handler;
        sigaction(signals[i], &action, NULL);
    }
}

static inline int ns_pending_termination_signal(void) { return ns_termination_signal; }

// Hands pages that the process freed back to the system (glibc keeps them otherwise).
#ifdef __GLIBC__
#include <malloc.h>
static inline void ns_release_freed_memory(void) { malloc_trim(0); }
#else
static inline void ns_release_freed_memory(void) {}
#endif

#endif
