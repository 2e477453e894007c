"""Tests of Scripts/sweep-sampling: cutting pieces into seeds and real continuations, taking the
generated continuation out of neurascore's file, the choice rule, and one small run end to end
with the neurascore binary (skipped where it is not built).

Python deps (PyPI): mido. Run from the repository root:
    python3 -m unittest discover -s Scripts/tests -p "test_sweep_sampling.py" -v
"""

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import mido

from scripts_under_test import REPOSITORY, SCRIPTS, load_script


sweep = load_script("sweep-sampling")


def write_file(path, tracks, ticks_per_beat=480, numerator=4, denominator=4):
    """tracks: [(name, program, [(pitch, start, end)])] in quarter notes; a conductor track first."""
    midi = mido.MidiFile(type=1, ticks_per_beat=ticks_per_beat)
    conductor = mido.MidiTrack([mido.MetaMessage("time_signature", numerator=numerator, denominator=denominator),
                                mido.MetaMessage("set_tempo", tempo=500000)])
    midi.tracks.append(conductor)
    for channel, (name, program, notes) in enumerate(tracks):
        events = [(0, 0, mido.MetaMessage("track_name", name=name)),
                  (0, 0, mido.Message("program_change", channel=channel, program=program)),
                  (0, 0, mido.Message("control_change", channel=channel, control=7, value=100))]
        for pitch, start, end in notes:
            events.append((round(start * ticks_per_beat), 2, mido.Message("note_on", channel=channel, note=pitch, velocity=80)))
            events.append((round(end * ticks_per_beat), 1, mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
        events.sort(key=lambda event: (event[0], event[1]))
        track, previous = mido.MidiTrack(), 0
        for tick, _, message in events:
            track.append(message.copy(time=tick - previous))
            previous = tick
        midi.tracks.append(track)
    midi.save(str(path))


def notes_of(path):
    """(track name, pitch, start, end) in quarter notes, and the file's length in quarters."""
    midi = mido.MidiFile(str(path))
    result = []
    for track, read in zip(midi.tracks, sweep.read_tracks(midi)):
        name = next((message.name for message in track if message.type == "track_name"), "")
        result += [(name, note.pitch, note.start / midi.ticks_per_beat, note.end / midi.ticks_per_beat) for note in read.notes]
    ends = [sum(message.time for message in track) for track in midi.tracks]
    return sorted(result), max(ends) / midi.ticks_per_beat


class CuttingTests(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def test_a_piece_becomes_its_seed_and_its_real_continuation(self):
        source = self.folder / "piece.mid"
        # Two voices over six bars of 3/4; the alto's note at 5.5 crosses the end of bar 2.
        write_file(source, [("Soprano", 52, [(72, 0, 3), (74, 3, 6), (76, 6, 9), (77, 9, 18)]),
                            ("Alto", 52, [(64, 0, 5.5 - 0.5), (65, 5, 7), (67, 7, 12), (69, 12, 18)])],
                   numerator=3, denominator=4)
        pieces, skipped = sweep.prepare_pieces([source], seed_bars=2, length=3, folder=self.folder)
        self.assertEqual(skipped, [])
        (piece,) = pieces
        self.assertEqual(piece.seed_quarters, 6)
        seed, seed_length = notes_of(piece.seed)
        self.assertEqual(seed_length, 6)
        self.assertEqual(seed, [("Alto", 64, 0, 5), ("Alto", 65, 5, 6), ("Soprano", 72, 0, 3), ("Soprano", 74, 3, 6)])
        real, real_length = notes_of(piece.real)
        self.assertEqual(real_length, 9)
        self.assertEqual(real, [("Alto", 67, 1, 6), ("Alto", 69, 6, 9), ("Soprano", 76, 0, 3), ("Soprano", 77, 3, 9)])
        # The parts keep their names and programs, and the control changes are gone.
        midi = mido.MidiFile(str(piece.real))
        kinds = {message.type for track in midi.tracks for message in track}
        self.assertIn("program_change", kinds)
        self.assertIn("time_signature", kinds)
        self.assertNotIn("control_change", kinds)
        one_stream, _ = notes_of(self.folder / "real-one-stream" / piece.real.name)
        self.assertEqual(sorted(note[1:] for note in one_stream), sorted(note[1:] for note in real))
        self.assertEqual({note[0] for note in one_stream}, {""})

    def test_a_long_piece_gives_excerpts_one_after_another(self):
        source = self.folder / "long.mid"
        # Eleven bars of 4/4, a whole note a bar, C4 upwards: room for two windows of 1 + 4 bars.
        write_file(source, [("Violin", 40, [(60 + bar, 4 * bar, 4 * bar + 4) for bar in range(11)])])
        pieces, skipped = sweep.prepare_pieces([source], seed_bars=1, length=4, folder=self.folder, windows=3)
        self.assertEqual(skipped, [])
        self.assertEqual([piece.name for piece in pieces], ["000-long-1", "000-long-2"])
        second = pieces[1]
        self.assertEqual(second.seed_quarters, 4)
        self.assertEqual(notes_of(second.seed)[0], [("Violin", 65, 0, 4)])
        self.assertEqual([note[1] for note in notes_of(second.real)[0]], [66, 67, 68, 69])

    def test_a_piece_too_short_is_skipped(self):
        source = self.folder / "short.mid"
        write_file(source, [("", 0, [(60, 0, 4 * 5)])])
        pieces, skipped = sweep.prepare_pieces([source], seed_bars=4, length=8, folder=self.folder)
        self.assertEqual(pieces, [])
        self.assertIn("shorter than 4 + 8 bars", skipped[0])

    def test_the_generated_continuation_is_taken_from_neurascores_tracks(self):
        take = self.folder / "take.mid"
        write_file(take, [("Part 1", 0, [(60, 0, 8)]), ("Part 1 (NeuraScore)", 0, [(62, 8, 9), (64, 9, 12)])])
        out = self.folder / "continuation.mid"
        sweep.generated_continuation(take, 8, out)
        notes, length = notes_of(out)
        self.assertEqual(notes, [("Part 1 (NeuraScore)", 62, 0, 1), ("Part 1 (NeuraScore)", 64, 1, 4)])
        self.assertEqual(length, 4)


class ChoiceTests(unittest.TestCase):
    @staticmethod
    def result(temperature, top_p, oas):
        return sweep.Result(sweep.Setting(temperature, top_p), oas, [{} for _ in oas])

    def test_the_best_mean_wins_unless_more_variety_is_within_its_spread(self):
        best = self.result(0.9, 0.95, [0.80, 0.82, 0.84])  # mean 0.82, sd 0.02
        hotter = self.result(1.0, 0.95, [0.79, 0.81, 0.81])  # mean 0.803: within 0.02 of the best
        wider = self.result(1.0, None, [0.79, 0.80, 0.82])  # mean 0.803: within, and more variety still
        too_hot = self.result(1.2, None, [0.70, 0.71, 0.72])  # far behind
        chosen_best, chosen = sweep.choose([best, hotter, wider, too_hot])
        self.assertIs(chosen_best, best)
        self.assertIs(chosen, wider)

    def test_a_clear_winner_is_chosen_and_a_missing_oa_sits_out(self):
        clear = self.result(0.8, 0.9, [0.90, 0.91])
        behind = self.result(1.1, None, [0.70, 0.72])
        empty = self.result(1.5, None, [None, None])
        self.assertEqual(sweep.choose([clear, behind, empty]), (clear, clear))

    def test_the_grid_parses_off_and_refuses_what_the_sampler_would(self):
        self.assertEqual(sweep.parse_top_ps("0.9, 0.95,off,1"), [0.9, 0.95, None, None])
        self.assertEqual(sweep.parse_temperatures("0.8,1.2"), [0.8, 1.2])
        for bad in ("0", "1.5"):
            with self.assertRaises(Exception):
                sweep.parse_top_ps(bad)
        with self.assertRaises(Exception):
            sweep.parse_temperatures("4")

    def test_pieces_are_spread_over_the_split(self):
        files = [Path(f"{index:02d}.mid") for index in range(10)]
        self.assertEqual([path.stem for path in sweep.evenly(files, 4)], ["00", "02", "05", "07"])
        self.assertEqual(sweep.evenly(files, None), files)


class EndToEndTests(unittest.TestCase):
    def test_a_small_sweep_runs_with_the_bundled_model(self):
        binary = next((path for path in (REPOSITORY / ".build" / "debug" / "neurascore",
                                          REPOSITORY / ".build" / "release" / "neurascore") if path.exists()), None)
        if binary is None:
            self.skipTest("the neurascore binary is not built")
        fixtures = [REPOSITORY / "Tests" / "NeuraMetricsTests" / "Fixtures" / "midi" / name
                    for name in ("music21-bwv347.mid", "music21-bwv153.1.mid")]
        fixtures.append(REPOSITORY / "Tests" / "NeuraMusicTests" / "Fixtures" / "midi" / "music21-bwv66.6.mid")
        with tempfile.TemporaryDirectory() as folder:
            split = Path(folder) / "valid"
            split.mkdir()
            for fixture in fixtures:
                shutil.copy(fixture, split / fixture.name)
            report = Path(folder) / "sweep.json"
            table = Path(folder) / "sweep.md"
            result = subprocess.run(
                [sys.executable, str(SCRIPTS / "sweep-sampling"), "--model", "chorale", "--split", str(split),
                 "--seed-bars", "2", "--length", "2", "--temperatures", "0.9,1.1", "--top-ps", "off", "--rng-seeds", "2",
                 "--neurascore", str(binary), "--json", str(report), "--out", str(table), "--jobs", "1"],
                capture_output=True, text=True, timeout=600)
            self.assertEqual(result.returncode, 0, result.stderr)
            figures = json.loads(report.read_text())
            self.assertEqual(len(figures["pieces"]), 3)
            listed = json.loads(subprocess.run([str(binary), "models", "--json"], capture_output=True, text=True).stdout)
            chorale = next(model for model in listed if model["name"] == "chorale")
            self.assertEqual(figures["realAsOneStream"], not chorale["parts"], "one stream exactly for a model without parts")
            self.assertEqual([(entry["temperature"], entry["topP"]) for entry in figures["results"]], [(0.9, None), (1.1, None)])
            for entry in figures["results"]:
                self.assertEqual(len(entry["meanOAByStream"]), 2)
                self.assertTrue(all(0 <= value <= 1 for value in entry["meanOAByStream"]))
            self.assertIn(figures["chosen"]["temperature"], (0.9, 1.1))
            self.assertIn("| 0.9 | off |", table.read_text())


if __name__ == "__main__":
    unittest.main()
