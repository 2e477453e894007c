"""MIDI helpers the measuring scripts share (sweep-sampling, measure-composing): a file's tracks
in absolute ticks, cut into pieces and written back with mido, reading note pairs as neurascore
and MusPy read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import mido

# Messages a cut file keeps besides its notes: what names the parts and sets their sound and
# the piece's meter, key and tempo. Control changes are dropped: MusPy counts them towards a
# track's length, which would stretch the empty-beat figures of a cut.
KEPT_META = {"track_name", "time_signature", "key_signature", "set_tempo", "instrument_name"}


@dataclass
class TimedNote:
    start: int
    end: int
    channel: int
    pitch: int
    velocity: int


@dataclass
class Track:
    """One track of a MIDI file in absolute ticks: its notes and the messages kept with them."""

    notes: list[TimedNote] = field(default_factory=list)
    # (tick, message) for KEPT_META and program changes, in file order.
    settings: list[tuple[int, mido.Message]] = field(default_factory=list)


def read_tracks(midi: mido.MidiFile) -> list[Track]:
    """Every track's notes (a note-off ends the earliest sounding note of its key and channel,
    as neurascore and MusPy read them) and settings; a note never ended runs to the track's end."""
    tracks = []
    for track in midi.tracks:
        result = Track()
        tick = 0
        sounding: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for message in track:
            tick += message.time
            if message.type == "note_on" and message.velocity > 0:
                sounding.setdefault((message.channel, message.note), []).append((tick, message.velocity))
            elif message.type in ("note_off", "note_on"):
                started = sounding.get((message.channel, message.note))
                if started:
                    start, velocity = started.pop(0)
                    result.notes.append(TimedNote(start, tick, message.channel, message.note, velocity))
            elif message.type in KEPT_META or message.type == "program_change":
                result.settings.append((tick, message))
        for (channel, pitch), started in sounding.items():
            for start, velocity in started:
                result.notes.append(TimedNote(start, tick, channel, pitch, velocity))
        result.notes.sort(key=lambda note: (note.start, note.pitch))
        tracks.append(result)
    return tracks


def bar_ticks(midi: mido.MidiFile) -> int:
    """A bar of the earliest time signature (4/4 when there is none), in the file's ticks."""
    earliest = None
    for track in midi.tracks:
        tick = 0
        for message in track:
            tick += message.time
            if message.type == "time_signature" and (earliest is None or tick < earliest[0]):
                earliest = (tick, message.numerator, message.denominator)
                break
    numerator, denominator = (earliest[1], earliest[2]) if earliest else (4, 4)
    return round(4 * midi.ticks_per_beat * numerator / denominator)


def last_note_end(tracks: list[Track]) -> int:
    return max((note.end for track in tracks for note in track.notes), default=0)


def write_tracks(tracks: list[Track], ticks_per_beat: int, end: int, path: Path) -> None:
    """A format 1 file of these tracks, every one ending at `end`."""
    midi = mido.MidiFile(type=1, ticks_per_beat=ticks_per_beat)
    for track in tracks:
        events: list[tuple[int, int, mido.Message]] = []
        for tick, message in track.settings:
            events.append((tick, 0, message.copy(time=0)))
        for note in track.notes:
            events.append((note.start, 2, mido.Message("note_on", channel=note.channel, note=note.pitch,
                                                       velocity=note.velocity)))
            events.append((note.end, 1, mido.Message("note_off", channel=note.channel, note=note.pitch, velocity=0)))
        # At one tick: settings, then note-offs, then note-ons, so a repeated note ends before it sounds again.
        events.sort(key=lambda event: (event[0], event[1]))
        out = mido.MidiTrack()
        previous = 0
        for tick, _, message in events:
            out.append(message.copy(time=tick - previous))
            previous = tick
        out.append(mido.MetaMessage("end_of_track", time=max(0, end - previous)))
        midi.tracks.append(out)
    midi.save(str(path))


def cut(tracks: list[Track], start: int, end: int) -> list[Track]:
    """The notes that start in [start, end), cut off at `end` and moved back by `start`, with
    the settings in force at `start` (each kind's last, a program per channel) moved to tick 0
    and the later ones in the range moved back with the notes."""
    result = []
    for track in tracks:
        piece = Track()
        in_force: dict[tuple, mido.Message] = {}
        for tick, message in track.settings:
            if tick <= start:
                kind = (message.type, getattr(message, "channel", None))
                in_force.pop(kind, None)
                in_force[kind] = message
            elif tick < end:
                piece.settings.append((tick - start, message))
        piece.settings = [(0, message) for message in in_force.values()] + piece.settings
        for note in track.notes:
            if start <= note.start < end:
                piece.notes.append(TimedNote(note.start - start, min(note.end, end) - start, note.channel, note.pitch,
                                             note.velocity))
        result.append(piece)
    return result


def merged(tracks: list[Track]) -> list[Track]:
    """Every note on one track, as a model that writes one stream writes them: Yang & Lerch's
    melodic features (intervals, transitions) run within a track, so a continuation written as
    one stream is compared with the real one as one stream too."""
    single = Track()
    for track in tracks:
        single.settings += [(tick, message) for tick, message in track.settings
                            if message.type not in ("track_name", "program_change", "instrument_name")]
        single.notes += track.notes
    single.settings.sort(key=lambda setting: setting[0])
    single.notes.sort(key=lambda note: (note.start, note.pitch))
    return [single]


def note_tracks(path: Path) -> int:
    return sum(1 for track in read_tracks(mido.MidiFile(str(path))) if track.notes)
