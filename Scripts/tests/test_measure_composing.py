"""Tests of Scripts/measure-composing's cadence figure: the chord before the final one, rooted as
`neurascore metrics` roots a final chord, on the key signature's dominant.

Run from the repository root: python -m unittest discover -s Scripts/tests -v (needs mido)."""

import tempfile
import unittest
from pathlib import Path

import mido

from scripts_under_test import load_script

measure = load_script("measure-composing")


def chorale(path: Path, key: str | None, chords: list[list[int]]) -> Path:
    """Four voices, one track each, singing `chords` in half notes."""
    midi = mido.MidiFile(ticks_per_beat=480)
    for voice in range(4):
        track = mido.MidiTrack()
        if voice == 0 and key:
            track.append(mido.MetaMessage("key_signature", key=key))
        for chord in chords:
            track.append(mido.Message("note_on", note=chord[voice], velocity=80, time=0))
            track.append(mido.Message("note_off", note=chord[voice], velocity=0, time=960))
        midi.tracks.append(track)
    midi.save(str(path))
    return path


class CadenceTests(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())

    def test_roots_follow_stacked_thirds(self):
        self.assertEqual(measure.chord_root([43, 55, 59, 62]), 7)  # G B D
        self.assertEqual(measure.chord_root([52, 55, 60, 67]), 0)  # C in first inversion
        self.assertEqual(measure.chord_root([43, 50]), 7)  # an open fifth on its lower tone

    def test_an_authentic_cadence_comes_from_the_dominant(self):
        # G major: I – IV – V – I, then the same ending on IV – I (a plagal close).
        authentic = chorale(self.folder / "a.mid", "G", [[79, 74, 71, 43], [79, 72, 67, 48], [78, 74, 69, 50], [79, 74, 71, 43]])
        plagal = chorale(self.folder / "p.mid", "G", [[79, 74, 71, 43], [79, 72, 67, 48], [79, 74, 71, 43]])
        self.assertTrue(measure.approached_from_dominant(authentic))
        self.assertFalse(measure.approached_from_dominant(plagal))
        # F sharp minor: C sharp major to F sharp minor.
        minor = chorale(self.folder / "m.mid", "F#m", [[73, 68, 65, 49], [73, 69, 66, 42]])
        self.assertTrue(measure.approached_from_dominant(minor))

    def test_without_a_key_signature_there_is_no_figure(self):
        unknown = chorale(self.folder / "u.mid", None, [[79, 74, 71, 43], [79, 74, 71, 43]])
        self.assertIsNone(measure.approached_from_dominant(unknown))
        self.assertEqual(measure.share([True, None, False]), 0.5)


if __name__ == "__main__":
    unittest.main()
