"""Class reports (autograder/report.py) and the challenge runner (fastsmall/deploy.py).

Fast tests build results by hand; the slow test grades a small class of 06 submissions with
`python -m autograder batch` and checks the leaderboard, the class page and the feedback pages.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from autograder import course, report

sys.path.insert(0, str(Path(__file__).parent))
from replay import build_submission  # noqa: E402
from test_autograder import check_reference_gradings  # noqa: E402

CHALLENGE = "06_compression_challenge"


def _test(grade_id, score, max_score, message=""):
    return {"grade_id": grade_id, "score": score, "max_score": max_score,
            "passed": score >= max_score, "message": message}


def _figures(gzip_bytes, latency_us, correct, meets_floor=True, status="ok", message=""):
    return {"status": status, "message": message, "raw_bytes": 2 * gzip_bytes,
            "gzip_bytes": gzip_bytes, "accuracy": correct / 300, "correct": correct, "total": 300,
            "latency_us": latency_us, "cpu_seconds": 9.5, "meets_floor": meets_floor, "tier": 3}


def _result(student, score, challenge=None, assignment=CHALLENGE, status="graded", message="",
            tests=None):
    return {"student": student, "submission": f"{student}/{assignment}.ipynb",
            "assignment": assignment, "status": status, "message": message,
            "score": score if status == "graded" else 0.0, "max_score": 30.0 if status == "graded" else 0.0,
            "tests": tests if tests is not None else ([_test("test_a_visible", 1, 1),
                                                       _test("test_b_hidden", score > 20 and 2 or 0, 2)]
                                                      if status == "graded" else []),
            "seconds": 30.0, "challenge": challenge}


CLASS = [
    _result("amy", 30, _figures(7_000, 1.5, 295)),
    _result("bob", 28, _figures(5_000, 2.0, 294)),
    _result("cat", 29, _figures(5_000, 1.0, 296)),
    _result("dan", 25, _figures(3_000, 1.2, 280, meets_floor=False)),
    _result("eve", 0, None, status="error", message="the file is not valid JSON"),
    _result("fay", 24, None),
    _result("gus", 24, _figures(0, 0, 0, status="error", message="build_challenge_model failed: ValueError: x")),
    _result("hal", 29, _figures(5_000, 1.0, 293), message="flagged for review: cell 3 mentions the solutions folder"),
    _result("ivy", 6, None, assignment="00_welcome", tests=[_test("test_w_visible", 6, 6)]),
]


# ----- reading the figures back -----

def test_challenge_figures_come_from_test_cells_only():
    marker = report.CHALLENGE_MARKER
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print()", outputs=[nbformat.v4.new_output(
            "stream", name="stdout", text=f'{marker} {{"gzip_bytes": 1, "meets_floor": true}}\n')]),
        nbformat.v4.new_code_cell("# test", metadata={"nbgrader": {"grade": True, "solution": False,
                                                                  "grade_id": "t", "points": 1}},
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text=(
                                      f'{marker} {{"gzip_bytes": 2}}\nnoise\n{marker} not json\n'
                                      f'{marker} {{"gzip_bytes": 7515, "status": "ok"}}\n'))]),
        nbformat.v4.new_code_cell("# answer", metadata={"nbgrader": {"grade": True, "solution": True,
                                                                    "grade_id": "a", "points": 1}},
                                  outputs=[nbformat.v4.new_output(
                                      "stream", name="stdout", text=f'{marker} {{"gzip_bytes": 3}}\n')]),
    ])
    assert report.challenge_from_notebook(nb) == {"gzip_bytes": 7515, "status": "ok"}
    assert report.challenge_from_notebook(nbformat.v4.new_notebook()) is None


def test_marker_name_is_the_runners():
    import fastsmall.deploy

    assert report.CHALLENGE_MARKER == fastsmall.deploy.CHALLENGE_MARKER
    line = fastsmall.deploy.challenge_marker({"status": "ok", "gzip_bytes": 5, "secret": "x"})
    assert line.startswith(report.CHALLENGE_MARKER + " ") and "secret" not in line


# ----- the leaderboard -----

def test_leaderboard_ranks_by_size_then_latency_and_says_why_the_rest_is_not_ranked():
    rows = report.leaderboard(CLASS, CHALLENGE)
    assert [(r["student"], r["rank"]) for r in rows] == [
        ("cat", 1), ("hal", 1), ("bob", 3), ("amy", 4),  # cat and hal tie on size and latency
        ("dan", ""), ("eve", ""), ("fay", ""), ("gus", "")]
    notes = {r["student"]: r["note"] for r in rows}
    assert "below the accuracy floor (280/300" in notes["dan"]
    assert notes["eve"].startswith("not graded: the file is not valid JSON")
    assert "no challenge result" in notes["fay"]
    assert notes["gus"] == "no valid model: build_challenge_model failed: ValueError: x"
    assert all(r["note"] == "" for r in rows[:4])


def _write_class(tmp_path, results=CLASS):
    out = tmp_path / "out"
    (out / "feedback").mkdir(parents=True)
    (out / "results.json").write_text(json.dumps(results))
    for student in {r["student"] for r in results}:
        (out / "feedback" / f"{student}.html").write_text(f"<h1>Feedback for {student}</h1>\n")
    report.write_class_reports(out, results)
    return out


def test_reports_are_written_and_readable_offline(tmp_path):
    out = _write_class(tmp_path)
    with open(out / "leaderboard.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["student"] == "cat" and rows[0]["rank"] == "1" and rows[0]["gzip_bytes"] == "5000"
    assert [r["student"] for r in rows if r["rank"]] == ["cat", "hal", "bob", "amy"]
    board = (out / "leaderboard.html").read_text()
    page = (out / "index.html").read_text()
    for html_page in (board, page):
        assert "<script" not in html_page and "<link" not in html_page and "src=" not in html_page
        assert "https://" not in html_page
    assert board.index("cat") < board.index("bob") < board.index("amy") < board.index("below the accuracy floor")
    # class page: per assignment a histogram, pass rates, errors, flags, links
    assert page.count("<svg") == 2 and "score distribution" in page
    assert "test_b_hidden" in page and "class='low'" in page
    assert "the file is not valid JSON" in page  # the error is listed
    assert "Flagged for review" in page and "mentions the solutions folder" in page
    assert "href='feedback/amy.html'" in page and "href='leaderboard.html'" in page
    assert "href='results.json'" in page and "00_welcome" in page


def test_feedback_pages_show_the_place_once(tmp_path):
    out = _write_class(tmp_path)
    report.write_class_reports(out, CLASS)  # written twice: the section is replaced, not repeated
    amy = (out / "feedback" / "amy.html").read_text()
    assert amy.count(report.PLACE_BEGIN) == 1 and "Your place: <b>4 of 4</b>" in amy
    assert "Feedback for amy" in amy
    dan = (out / "feedback" / "dan.html").read_text()
    assert "Not on the leaderboard: below the accuracy floor" in dan
    ivy = (out / "feedback" / "ivy.html").read_text()
    assert report.PLACE_BEGIN not in ivy  # no 06 submission, no leaderboard section


def test_pages_escape_what_students_control(tmp_path):
    evil = _result("<b>mallory", 30, _figures(4_000, 1.0, 299),
                   message="flagged for review: <script>alert(1)</script>")
    out = _write_class(tmp_path, [evil])
    for name in ("index.html", "leaderboard.html"):
        text = (out / name).read_text()
        assert "<script>" not in text and "<b>mallory" not in text and "&lt;b&gt;mallory" in text


def test_no_leaderboard_without_a_challenge_and_the_command_line(tmp_path):
    out = tmp_path / "plain"
    out.mkdir()
    (out / "results.json").write_text(json.dumps([CLASS[-1]]))
    done = subprocess.run([sys.executable, "-m", "autograder.report", str(out)], capture_output=True,
                          text=True, cwd=course.ROOT)
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").exists() and not (out / "leaderboard.csv").exists()
    assert "<svg" in (out / "index.html").read_text()


def test_histogram_counts_every_score():
    svg = report.score_histogram_svg([0, 0, 3, 30, 29.5, 12], 30)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    counts = [int(part.split(" points: ")[1].split("<")[0]) for part in svg.split("<title>")[1:]]
    assert sum(counts) == 6


# ----- the challenge runner (fastsmall.deploy) -----

@pytest.fixture(scope="module")
def tiny_split():
    import fastsmall.data

    split = fastsmall.data.load_challenge_split()
    return types.SimpleNamespace(x_train=split.x_train[:300], y_train=split.y_train[:300],
                                 x_val=split.x_val, y_val=split.y_val,
                                 x_test=split.x_test, y_test=split.y_test)


def _tiny_build(x_train, y_train, x_val, y_val, seed):
    import keras

    from fastsmall.deploy import to_tflite

    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(10)])
    model.compile(keras.optimizers.Adam(1e-2),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x_train, y_train, epochs=3, verbose=0)
    print("the recipe's own printout")
    return to_tflite(model, "int8", x_train[:50])


def _busy(*args):
    while True:
        pass


def _cheat(*args):
    import fastsmall.data

    return fastsmall.data.load_challenge_holdout()


@pytest.mark.parametrize("build, words", [
    (lambda *a: 1 / 0, "build_challenge_model failed: ZeroDivisionError"),
    (lambda *a: "model.tflite", "returned str, not the .tflite file's bytes"),
    (lambda *a: b"not a flatbuffer", "not a valid .tflite model"),
    (_cheat, "ChallengeRuleError: the recipe called fastsmall.data.load_challenge_holdout()"),
    # CPU budget, or on a very busy machine the wall-clock safety limit (3 x the budget) first
    (_busy, ("exceeded its time budget of 1 CPU-seconds", "s of wall-clock time (the safety limit is 3 x 1 s")),
], ids=["raises", "path", "garbage", "blocked loader", "over budget"])
def test_challenge_runner_says_why_there_is_no_model(build, words, tiny_split):
    import fastsmall.data
    import fastsmall.deploy

    loader = fastsmall.data.load_challenge_holdout
    result = fastsmall.deploy.run_challenge(build, tiny_split, cpu_seconds=1.0)
    words = (words,) if isinstance(words, str) else words
    assert result["status"] == "error" and any(w in result["message"] for w in words), result["message"]
    assert fastsmall.data.load_challenge_holdout is loader  # the loaders are put back afterwards


def test_challenge_runner_measures_a_model_in_another_process(tiny_split, capsys):
    import fastsmall.deploy

    result = fastsmall.deploy.run_challenge(_tiny_build, tiny_split, cpu_seconds=30.0, evaluate_on="holdout")
    assert result["status"] == "ok", result["message"]
    assert result["total"] == 300 and 0.5 < result["accuracy"] <= 1.0
    assert result["gzip_bytes"] < result["raw_bytes"] and result["input_dtype"] == "int8"
    assert 0 < result["latency_us"] < 10_000 and 0 < result["cpu_seconds"] < 30
    assert "the recipe's own printout" not in capsys.readouterr().out  # captured, not shown
    on_test = fastsmall.deploy.run_challenge(_tiny_build, tiny_split, evaluate_on="test")
    assert on_test["evaluated_on"] == "test" and on_test["total"] == len(tiny_split.y_test)


# ----- a class of 06 submissions, graded for real -----

def _wrong_answers():
    import importlib.util

    path = Path(__file__).parent / "wrong_answers" / f"{CHALLENGE}.py"
    spec = importlib.util.spec_from_file_location("wrong_06", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


@pytest.mark.slow
def test_a_class_of_challenge_submissions(tmp_path):
    wrong = _wrong_answers()
    submissions = tmp_path / "submissions"
    students = {"solution": None, "blank": None, "over_budget": "ships_float32",
                "under_floor": "below_the_floor", "crashes": "crashes"}
    for student, case in students.items():
        folder = submissions / student
        folder.mkdir(parents=True)
        if student == "solution":
            shutil.copy(course.SOLUTIONS / f"{CHALLENGE}.ipynb", folder)
        elif student == "blank":
            shutil.copy(course.NOTEBOOKS / f"{CHALLENGE}.ipynb", folder)
        else:
            build_submission(CHALLENGE, wrong[case], folder)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "autograder", "batch", str(submissions), "--out", str(out),
                           "--workers", "2"], capture_output=True, text=True, cwd=course.ROOT, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    results = {r["student"]: r for r in json.loads((out / "results.json").read_text())}
    assert all(r["status"] == "graded" for r in results.values()), {s: r["message"] for s, r in results.items()}
    check_reference_gradings(results["solution"], results["blank"])  # the grading contract for 06
    scores = {s: r["score"] for s, r in results.items()}
    assert scores == {"solution": 30, "blank": 0, "over_budget": 27, "under_floor": 25, "crashes": 24}, scores
    figures = {s: r["challenge"] for s, r in results.items()}
    assert figures["solution"]["meets_floor"] and figures["solution"]["gzip_bytes"] <= 8_000
    assert figures["over_budget"]["meets_floor"] and figures["over_budget"]["gzip_bytes"] > 16_000
    assert figures["under_floor"]["status"] == "ok" and not figures["under_floor"]["meets_floor"]
    assert figures["crashes"]["status"] == "error" and "ValueError" in figures["crashes"]["message"]
    assert figures["blank"]["status"] == "error" and "NotImplementedError" in figures["blank"]["message"]

    with open(out / "leaderboard.csv", newline="") as file:
        rows = {r["student"]: r for r in csv.DictReader(file)}
    assert (rows["solution"]["rank"], rows["over_budget"]["rank"]) == ("1", "2")
    assert all(rows[s]["rank"] == "" for s in ("blank", "under_floor", "crashes"))
    assert "below the accuracy floor" in rows["under_floor"]["note"]
    assert "no valid model: build_challenge_model failed" in rows["crashes"]["note"]
    page = (out / "index.html").read_text()
    assert CHALLENGE in page and "<svg" in page and "test_build_challenge_model_floor_hidden" in page
    assert "href='leaderboard.html'" in page and "href='feedback/under_floor.html'" in page
    assert "Your place: <b>1 of 2</b>" in (out / "feedback" / "solution.html").read_text()
    assert "Your place: <b>2 of 2</b>" in (out / "feedback" / "over_budget.html").read_text()
    assert "Not on the leaderboard: below the accuracy floor" in (out / "feedback" / "under_floor.html").read_text()
