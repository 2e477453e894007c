#ifndef NEURASCORE_CFLUIDSYNTH_SHIM_H
#define NEURASCORE_CFLUIDSYNTH_SHIM_H
#include <fluidsynth.h>

// FluidSynth logs to stderr by default, which would land on the composer's ncurses screen and in
// the CLI's output; every failure is reported through return values instead.
static inline void ns_fluid_silence_logging(void) {
    for (int level = 0; level < LAST_LOG_LEVEL; level++) {
        fluid_set_log_function(level, NULL, NULL);
    }
}
#endif
