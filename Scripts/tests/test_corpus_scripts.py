"""Tests of Scripts/export-corpus and Scripts/jsb-to-midi that need no corpus download
(music21's own corpus ships with the PyPI package).

Python deps (PyPI): music21 mido pretty_midi, e.g.
    python3 -m venv .venv-corpus && .venv-corpus/bin/pip install music21 mido pretty_midi
Run from the repository root:
    .venv-corpus/bin/python -m unittest discover -s Scripts/tests -v
"""

import contextlib
import io
import json
import sys
import tempfile
import unittest
from pathlib import Path

import mido

from scripts_under_test import load_script


export_corpus = load_script("export-corpus")
jsb_to_midi = load_script("jsb-to-midi")


class ABCSplittingTests(unittest.TestCase):
    def test_tunes_split_at_x_lines_and_keep_the_file_header(self):
        text = "%abc-2.1\nZ:file header\n\nX: 7\nT:First\nK:G\nGAB|\n\nX:10\nT:Second\nK:D\nDEF|\n"
        header, tunes = export_corpus.split_abc_tunes(text)
        self.assertEqual(header, "Z:file header")
        self.assertEqual([number for number, _ in tunes], ["7", "10"])
        self.assertTrue(tunes[0][1].startswith("X: 7\nT:First"))
        self.assertNotIn("Second", tunes[0][1])
        self.assertTrue(tunes[1][1].rstrip().endswith("DEF|"))

    def test_a_tune_parses_into_midi_with_its_notes(self):
        _, tunes = export_corpus.split_abc_tunes("X:1\nT:Scale\nM:4/4\nL:1/4\nK:C\nCDEF|GABc|\n")
        piece = export_corpus.Piece("test", "test.abc", "1", 1)
        from music21 import converter
        export_corpus.export_score(converter.parseData(tunes[0][1], format="abc"), piece)
        self.assertEqual(piece.title, "Scale")
        self.assertEqual(piece.note_count, 8)
        keys = [m.note for t in mido.MidiFile(file=io.BytesIO(piece.midi)).tracks for m in t
                if m.type == "note_on" and m.velocity > 0]
        self.assertEqual(keys, [60, 62, 64, 65, 67, 69, 71, 72])


class PartProgramTests(unittest.TestCase):
    def test_the_rule_of_the_docstring(self):
        program = export_corpus.part_program
        self.assertEqual(program("Soprano", None), 52)
        self.assertEqual(program("Bass Continuo", None), 52)   # the sung bass, doubled
        self.assertEqual(program("Soprano", 68), 68)            # the score names an instrument
        self.assertEqual(program("Violin I", 48), 40)
        self.assertEqual(program("Viola", 48), 41)
        self.assertEqual(program("Violoncello", 48), 42)
        self.assertEqual(program("Cello", 48), 42)
        self.assertEqual(program("Strings", 48), 48)            # not one instrument: kept
        self.assertEqual(program("Violin 1", 0), 40)            # an encoder's piano default
        self.assertEqual(program("Violin I", 42), 40)           # a mix-up: violins as cellos
        self.assertEqual(program("2nd Violin", 40), 40)
        self.assertEqual(program("Viola", 68), 68)              # any other named program is kept
        self.assertEqual(program("Continuo", None), 19)
        self.assertEqual(program("Horn 1", None), 60)
        self.assertEqual(program("Oboe d'amore", None), 68)
        self.assertIsNone(program("Cornet 1", None))

    def test_each_part_is_a_named_track_with_its_program(self):
        from music21 import instrument, note, stream
        score = stream.Score()
        for name, kind in (("Soprano", instrument.Instrument), ("Violin I", instrument.StringInstrument)):
            part = stream.Part()
            part.partName = name
            made = kind()
            if kind is instrument.StringInstrument:
                made.midiProgram = 48
            part.insert(0, made)
            part.append(note.Note("C5" if name == "Soprano" else "E4", quarterLength=1))
            score.insert(0, part)
        piece = export_corpus.Piece("test", "test.mxl", None, 1)
        export_corpus.export_score(score, piece)
        self.assertEqual(piece.parts, [["Soprano", 52], ["Violin I", 40]])
        tracks = mido.MidiFile(file=io.BytesIO(piece.midi)).tracks
        named = [(t.name, {m.program for m in t if m.type == "program_change"}) for t in tracks
                 if any(m.type == "note_on" for m in t)]
        self.assertEqual(named, [("Soprano", {52}), ("Violin I", {40})])


class QuartetSourceTests(unittest.TestCase):
    """music21's own corpus (it ships with the PyPI package): which files are quartets."""

    def setUp(self):
        self.root = export_corpus.corpus_root()
        self.collections = {c.name: c for c in export_corpus.COLLECTIONS}

    def test_quartet_movements_without_the_sonata_or_the_second_encodings(self):
        for name, count in (("haydn", 9), ("mozart", 15), ("beethoven", 22)):
            files = export_corpus.source_files(self.root, self.collections[name])
            self.assertEqual(len(files), count, name)
            self.assertTrue(all(p.suffix == ".mxl" for p in files))
            self.assertEqual(self.collections[name].group, "quartets")
        mozart = export_corpus.source_files(self.root, self.collections["mozart"])
        self.assertNotIn("k545", {p.parent.name for p in mozart})

    def test_palestrina_is_left_out_with_its_rights_record_quoted(self):
        self.assertNotIn("palestrina", self.collections)
        text = export_corpus.licenses_markdown(self.root, [])
        left_out = text[text.index("## Left out"):]
        self.assertIn("`palestrina`", left_out)
        self.assertIn("Rights to all derivative electronic formats reserved.", left_out)
        self.assertIn("`essenFolksong`", left_out)


class SplitTests(unittest.TestCase):
    def pieces(self, count):
        return [export_corpus.Piece("c", f"c/{i // 5:02d}.abc", str(i % 5 + 1), i % 5 + 1) for i in range(count)]

    def test_last_tenth_is_test_and_the_tenth_before_it_valid(self):
        pieces = self.pieces(40)
        export_corpus.assign_splits(pieces)
        self.assertEqual([p.split for p in pieces], ["train"] * 32 + ["valid"] * 4 + ["test"] * 4)

    def test_tune_numbers_sort_as_numbers_within_a_file(self):
        pieces = [export_corpus.Piece("c", "c/a.abc", number, index)
                  for index, number in enumerate(["10", "9", "2"], start=1)]
        pieces.sort(key=export_corpus.tune_sort_key)
        self.assertEqual([p.tune_number for p in pieces], ["2", "9", "10"])


class JSBToMIDITests(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.json_path = self.folder / "mini-quarter.json"
        # A leading rest, a repeated chord, a unison stored as floats and a trailing rest.
        self.json_path.write_text(json.dumps({
            "train": [[[], [60, 64], [60, 64], [67.0, 67], []]],
            "valid": [[[72]]],
            "test": [[[], [], [48]]]}))
        self.out = self.folder / "out"

    def run_script(self, *extra):
        arguments = [str(self.json_path), str(self.out), *extra]
        saved = sys.argv
        sys.argv = ["jsb-to-midi", *arguments]
        try:
            with contextlib.redirect_stdout(io.StringIO()) as output:
                status = jsb_to_midi.main()
        finally:
            sys.argv = saved
        return status, output.getvalue()

    def test_frames_become_one_step_notes_and_the_rests_keep_their_length(self):
        self.assertEqual(self.run_script()[0], 0)
        midi_file = mido.MidiFile(self.out / "train" / "000.mid")
        self.assertEqual(midi_file.ticks_per_beat, 480)
        self.assertAlmostEqual(midi_file.length, 5 * 0.5)  # five quarter frames at 120 BPM
        frames = jsb_to_midi.frames_from_mido(self.out / "train" / "000.mid", 480)
        self.assertEqual([sorted(f) for f in frames], [[], [60, 64], [60, 64], [67], []])
        status, output = self.run_script("--verify")
        self.assertEqual(status, 0, output)

    def test_verify_finds_a_file_that_does_not_match(self):
        self.run_script()
        (self.out / "test" / "000.mid").write_bytes((self.out / "valid" / "000.mid").read_bytes())
        status, output = self.run_script("--verify")
        self.assertEqual(status, 1)
        self.assertIn("test/000.mid: mido reads 1 frames, expected 3", output)

    def test_a_second_run_writes_the_same_bytes(self):
        self.run_script()
        first = (self.out / "train" / "000.mid").read_bytes()
        self.run_script()
        self.assertEqual((self.out / "train" / "000.mid").read_bytes(), first)

    def test_a_fractional_pitch_is_refused(self):
        self.json_path.write_text(json.dumps({"train": [[[60.5]]], "valid": [], "test": []}))
        with self.assertRaises(jsb_to_midi.DataError):
            jsb_to_midi.load_benchmark(self.json_path)


if __name__ == "__main__":
    unittest.main()
