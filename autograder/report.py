"""Class reports from a batch's results: the challenge leaderboard and the class page.

`python -m autograder batch` calls `write_class_reports(out_dir, results)` after it wrote
results.json and the feedback pages; `python -m autograder.report OUT_DIR` rebuilds everything
from OUT_DIR/results.json alone. Out come, next to results.json:

- `index.html`, the class page for the instructor: per assignment the score distribution (an
  inline SVG histogram), the pass rate of every test (the lowest ones marked), the errors and the
  flagged submissions, and links to every feedback page and to the leaderboard;
- for every assignment with a challenge (06_compression_challenge): `leaderboard.csv` and
  `leaderboard.html`, every model that meets the accuracy floor ranked by gzip size, ties by
  latency, then everyone else with the reason; and each student's feedback page gets a section
  with their place.

The challenge figures come from the one line the challenge's hidden test prints
(`fastsmall.deploy.challenge_marker`), read from the graded notebook's test cells only
(`challenge_from_notebook`, called by grading.py): the figures are measured by the grader's test
code, never reported by the learner's code. Every page is self-contained (no scripts, no fonts, no
network): it reads the same offline.

Standard library only: grading.py imports this module.
"""
from __future__ import annotations

import csv
import html
import json
import math
import statistics
import sys
import time
from pathlib import Path

CHALLENGE_MARKER = "[challenge]"  # fastsmall.deploy.CHALLENGE_MARKER (not imported: keep this light)
CHALLENGE_ASSIGNMENTS = ("06_compression_challenge",)
LEADERBOARD_CSV, LEADERBOARD_HTML, CLASS_PAGE = "leaderboard.csv", "leaderboard.html", "index.html"
LEADERBOARD_COLUMNS = ["rank", "student", "gzip_bytes", "accuracy", "correct", "total", "latency_us",
                       "raw_bytes", "cpu_seconds", "tier", "score", "max_score", "note", "submission"]
PLACE_BEGIN, PLACE_END = "<!-- leaderboard place -->", "<!-- /leaderboard place -->"
FLAG_WORDS = ("tampering detected", "flagged for review", "reached outside its folder")
STYLE = ("body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}"
         "td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
         "td.n,th.n{text-align:right}pre{white-space:pre-wrap;margin:0}.low{background:#fde2e1}"
         ".bar{display:inline-block;height:.8em;background:#4a7ebb}.muted{color:#777}"
         ".ok{color:#176f2c}.no{color:#a4161a}h2{margin-top:2em;border-bottom:2px solid #ddd}")


# ----- challenge figures, read from the graded notebook -----

def challenge_from_notebook(nb) -> dict | None:
    """The challenge figures printed by a test cell of the graded notebook, or None.

    Only the stdout of test cells (nbgrader `grade` cells that are not answers) counts, and the last
    marker line wins: the learner's own cells cannot put a line there, and what the submitted
    recipe prints while the test runs is captured by the runner before the test prints its line.
    """
    found = None
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not isinstance(meta, dict) \
                or not meta.get("grade") or meta.get("solution"):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream" or output.get("name") != "stdout":
                continue
            text = output.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            for line in text.splitlines():
                if line.startswith(CHALLENGE_MARKER + " "):
                    try:
                        value = json.loads(line[len(CHALLENGE_MARKER) + 1:])
                    except ValueError:
                        continue
                    if isinstance(value, dict):
                        found = value
    return found


# ----- the leaderboard -----

def _challenge_assignments(results: list[dict]) -> list[str]:
    names = {r.get("assignment") for r in results if r.get("challenge")}
    names |= {r.get("assignment") for r in results} & set(CHALLENGE_ASSIGNMENTS)
    return sorted(n for n in names if n)


def _why_unranked(result: dict) -> str:
    if result.get("status") != "graded":
        return f"not graded: {result.get('message', '')}"
    figures = result.get("challenge")
    if not figures:
        return "no challenge result (the challenge's test did not run to its measurement)"
    if figures.get("status") != "ok":
        return f"no valid model: {figures.get('message', '')}"
    if not all(isinstance(figures.get(k), (int, float)) for k in ("gzip_bytes", "latency_us")):
        return "no valid model: the challenge figures are incomplete"
    if not figures.get("meets_floor"):
        return (f"below the accuracy floor ({figures.get('correct')}/{figures.get('total')} "
                f"held-out digits right)")
    return ""


def leaderboard(results: list[dict], assignment: str) -> list[dict]:
    """Rows for one assignment: ranked models first (gzip size, then latency), then the others.

    Equal size and latency share a rank; the next rank skips accordingly (1, 2, 2, 4).
    """
    ranked, others = [], []
    for result in results:
        if result.get("assignment") != assignment:
            continue
        figures = result.get("challenge") or {}
        row = {"student": result.get("student", ""), "rank": "",
               "gzip_bytes": figures.get("gzip_bytes", ""), "accuracy": figures.get("accuracy", ""),
               "correct": figures.get("correct", ""), "total": figures.get("total", ""),
               "latency_us": figures.get("latency_us", ""), "raw_bytes": figures.get("raw_bytes", ""),
               "cpu_seconds": figures.get("cpu_seconds", ""), "tier": figures.get("tier", ""),
               "score": result.get("score", 0.0), "max_score": result.get("max_score", 0.0),
               "note": " ".join(_why_unranked(result).split()),  # one line, also in the csv
               "submission": Path(result.get("submission", "")).name}
        (others if row["note"] else ranked).append(row)
    ranked.sort(key=lambda r: (r["gzip_bytes"], r["latency_us"], r["student"]))
    for position, row in enumerate(ranked, 1):
        same = position > 1 and (row["gzip_bytes"], row["latency_us"]) == (
            ranked[position - 2]["gzip_bytes"], ranked[position - 2]["latency_us"])
        row["rank"] = ranked[position - 2]["rank"] if same else position
    others.sort(key=lambda r: r["student"])
    return ranked + others


def write_leaderboard_csv(rows: list[dict], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=LEADERBOARD_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _number(value, fmt: str) -> str:
    return format(value, fmt) if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def leaderboard_page(rows: list[dict], assignment: str) -> str:
    e = html.escape
    ranked = [r for r in rows if r["rank"] != ""]
    parts = [_head(f"Leaderboard: {assignment}"),
             f"<h1>Leaderboard: {e(assignment)}</h1>",
             f"<p>{len(ranked)} of {len(rows)} submissions meet the accuracy floor on the held-out "
             "split and are ranked by the size of their model after gzip (smaller is better), ties "
             "by batch-1 latency. The figures were measured by the grader, which ran each recipe "
             "again. <a href='index.html'>Class page</a></p>",
             "<table><tr><th class='n'>place</th><th>student</th><th class='n'>gzip bytes</th>"
             "<th class='n'>held-out accuracy</th><th class='n'>latency (us)</th>"
             "<th class='n'>raw bytes</th><th class='n'>build CPU-s</th><th>note</th></tr>"]
    for row in rows:
        accuracy = (f"{row['accuracy']:.2%} ({row['correct']}/{row['total']})"
                    if isinstance(row["accuracy"], (int, float)) else "")
        parts.append(
            f"<tr><td class='n'>{e(str(row['rank']))}</td>"
            f"<td><a href='feedback/{e(row['student'])}.html'>{e(row['student'])}</a></td>"
            f"<td class='n'>{_number(row['gzip_bytes'], ',')}</td><td class='n'>{e(accuracy)}</td>"
            f"<td class='n'>{_number(row['latency_us'], '.2f')}</td>"
            f"<td class='n'>{_number(row['raw_bytes'], ',')}</td>"
            f"<td class='n'>{_number(row['cpu_seconds'], '.1f')}</td>"
            f"<td class='muted'>{e(row['note'])}</td></tr>")
    parts.append("</table>")
    return "\n".join(parts) + "\n"


def place_section(row: dict, ranked_count: int, assignment: str) -> str:
    """The paragraph a student's feedback page gets (between two markers, so it can be replaced)."""
    e = html.escape
    if row["rank"] != "":
        text = (f"Your place: <b>{row['rank']} of {ranked_count}</b> ranked models "
                f"({row['gzip_bytes']:,} bytes after gzip, {row['accuracy']:.2%} of the held-out "
                f"digits right, {row['latency_us']:.2f} us per image).")
    else:
        text = f"Not on the leaderboard: {e(row['note'])}"
    return (f"{PLACE_BEGIN}<h2>Leaderboard: {e(assignment)}</h2><p>{text}</p>"
            f"<p><a href='../{LEADERBOARD_HTML}'>The whole leaderboard</a></p>{PLACE_END}")


def add_places_to_feedback(feedback_dir: Path, rows: list[dict], assignment: str) -> None:
    ranked_count = sum(1 for r in rows if r["rank"] != "")
    sections: dict[str, list[str]] = {}
    for row in rows:
        sections.setdefault(row["student"], []).append(place_section(row, ranked_count, assignment))
    for student, parts in sections.items():
        page_path = feedback_dir / f"{student}.html"
        if not page_path.exists():
            continue
        page = page_path.read_text(encoding="utf-8")
        while PLACE_BEGIN in page and PLACE_END in page:  # written again: replace, never repeat
            start, end = page.index(PLACE_BEGIN), page.index(PLACE_END) + len(PLACE_END)
            page = page[:start].rstrip("\n") + page[end:]
        page_path.write_text(page.rstrip("\n") + "\n" + "\n".join(parts) + "\n", encoding="utf-8")


# ----- the class page -----

def _head(title: str) -> str:
    return (f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style>")


def score_histogram_svg(scores: list[float], max_score: float, width: int = 520,
                        height: int = 180) -> str:
    """An inline SVG bar chart of the scores: one bar per point (per bin of points above 20)."""
    e = html.escape
    top = max(1, math.ceil(max_score))
    step = max(1, math.ceil((top + 1) / 21))
    edges = list(range(0, top + 1, step))
    counts = [sum(1 for s in scores if edge <= s < edge + step or (edge + step > top and s >= edge))
              for edge in edges]
    tallest = max(counts + [1])
    left, bottom, plot_h = 34, 28, height - 40
    bar_w = (width - left - 10) / len(edges)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"role='img' aria-label='score distribution'>",
             f"<line x1='{left}' y1='{height - bottom}' x2='{width - 5}' y2='{height - bottom}' "
             "stroke='#888'/>",
             f"<text x='2' y='14' font-size='11'>{tallest}</text>",
             f"<text x='2' y='{height - bottom}' font-size='11'>0</text>"]
    for i, (edge, count) in enumerate(zip(edges, counts)):
        h = plot_h * count / tallest
        x = left + i * bar_w
        last = min(edge + step - 1, top)
        label = str(edge) if last == edge else f"{edge}-{last}"
        parts.append(f"<rect x='{x + 1:.1f}' y='{height - bottom - h:.1f}' width='{bar_w - 2:.1f}' "
                     f"height='{h:.1f}' fill='#4a7ebb'><title>{e(label)} points: {count}</title></rect>")
        if count:
            parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{height - bottom - h - 3:.1f}' "
                         f"font-size='10' text-anchor='middle'>{count}</text>")
        parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{height - bottom + 14}' font-size='10' "
                     f"text-anchor='middle'>{e(label)}</text>")
    parts.append(f"<text x='{width / 2:.0f}' y='{height - 2}' font-size='11' text-anchor='middle'>"
                 f"score (of {max_score:g})</text></svg>")
    return "".join(parts)


def test_pass_rates(graded: list[dict]) -> list[dict]:
    """Per test, in notebook order: how many graded submissions passed it, and the mean score."""
    order: dict[str, dict] = {}
    for result in graded:
        for test in result.get("tests", []):
            entry = order.setdefault(test["grade_id"], {"grade_id": test["grade_id"], "passed": 0,
                                                        "count": 0, "points": 0.0,
                                                        "max_score": test["max_score"]})
            entry["count"] += 1
            entry["passed"] += bool(test["passed"])
            entry["points"] += float(test["score"])
    rows = list(order.values())
    for row in rows:
        row["rate"] = row["passed"] / row["count"] if row["count"] else 0.0
        row["mean"] = row["points"] / row["count"] if row["count"] else 0.0
    return rows


def class_page(results: list[dict], out_dir: Path, boards: dict[str, list[dict]]) -> str:
    e = html.escape
    parts = [_head("Class report"), "<h1>Class report</h1>",
             f"<p>{len(results)} submissions from {len({r.get('student') for r in results})} students, "
             f"built from <a href='results.json'>results.json</a> on {time.strftime('%Y-%m-%d %H:%M')}. "
             "Also: <a href='grades.csv'>grades.csv</a>"
             + "".join(f", <a href='{LEADERBOARD_HTML}'>the {e(a)} leaderboard</a> "
                       f"(<a href='{LEADERBOARD_CSV}'>csv</a>)" for a in boards)
             + ".</p>"]
    for assignment in sorted({r.get("assignment") or "(unknown assignment)" for r in results}):
        mine = [r for r in results if (r.get("assignment") or "(unknown assignment)") == assignment]
        graded = [r for r in mine if r.get("status") == "graded"]
        errors = [r for r in mine if r.get("status") != "graded"]
        parts.append(f"<h2>{e(assignment)}</h2>")
        if graded:
            max_score = max(r.get("max_score", 0.0) for r in graded)
            scores = [r.get("score", 0.0) for r in graded]
            parts.append(f"<p>{len(graded)} graded, {len(errors)} not graded. Score: mean "
                         f"{statistics.mean(scores):.2f}, median {statistics.median(scores):g}, "
                         f"min {min(scores):g}, max {max(scores):g} of {max_score:g}; "
                         f"{sum(s >= max_score for s in scores)} with full marks.</p>")
            parts.append(score_histogram_svg(scores, max_score))
            rates = test_pass_rates(graded)
            lowest = sorted(r["rate"] for r in rates)[:max(1, len(rates) // 5)]
            threshold = lowest[-1] if lowest and lowest[-1] < 1.0 else -1.0
            parts.append("<h3>Tests</h3><p>Pass rate of every test over the graded submissions; the "
                         "lowest fifth is <span class='low'>marked</span>.</p><table><tr><th>test</th>"
                         "<th class='n'>points</th><th class='n'>passed</th><th>pass rate</th>"
                         "<th class='n'>mean score</th></tr>")
            for row in rates:
                marked = " class='low'" if row["rate"] <= threshold else ""
                parts.append(f"<tr{marked}><td>{e(row['grade_id'])}</td><td class='n'>{row['max_score']:g}</td>"
                             f"<td class='n'>{row['passed']}/{row['count']}</td><td><span class='bar' "
                             f"style='width:{120 * row['rate']:.0f}px'></span> {row['rate']:.0%}</td>"
                             f"<td class='n'>{row['mean']:.2f}</td></tr>")
            parts.append("</table>")
        if errors:
            parts.append("<h3>Not graded</h3><table><tr><th>student</th><th>file</th><th>reason</th></tr>")
            for r in errors:
                parts.append(f"<tr><td>{e(r.get('student', ''))}</td><td>{e(Path(r.get('submission', '')).name)}"
                             f"</td><td><pre>{e(r.get('message', ''))}</pre></td></tr>")
            parts.append("</table>")
        flagged = [r for r in mine if any(w in (r.get("message") or "") for w in FLAG_WORDS)]
        if flagged:
            parts.append("<h3>Flagged for review</h3><table><tr><th>student</th><th>note</th></tr>")
            for r in flagged:
                notes = [n for n in (r.get("message") or "").split("; ") if any(w in n for w in FLAG_WORDS)]
                parts.append(f"<tr><td><a href='feedback/{e(r.get('student', ''))}.html'>"
                             f"{e(r.get('student', ''))}</a></td><td><pre>{e('; '.join(notes))}</pre></td></tr>")
            parts.append("</table>")
        places = {row["student"]: row for row in boards.get(assignment, [])}
        parts.append("<h3>Students</h3><table><tr><th>student</th><th class='n'>score</th><th>status</th>"
                     + ("<th>leaderboard</th>" if places else "") + "</tr>")
        for r in sorted(mine, key=lambda r: r.get("student", "")):
            student = r.get("student", "")
            score = (f"{r.get('score', 0):g} / {r.get('max_score', 0):g}" if r.get("status") == "graded" else "")
            status = ("<span class='ok'>graded</span>" if r.get("status") == "graded"
                      else "<span class='no'>not graded</span>")
            place = ""
            if places:
                row = places.get(student)
                place = (f"<td>{row['rank']}</td>" if row and row["rank"] != "" else
                         f"<td class='muted'>{e(row['note'][:80]) if row else ''}</td>")
            link = (f"<a href='feedback/{e(student)}.html'>{e(student)}</a>"
                    if (out_dir / "feedback" / f"{student}.html").exists() else e(student))
            parts.append(f"<tr><td>{link}</td><td class='n'>{score}</td><td>{status}</td>{place}</tr>")
        parts.append("</table>")
    return "\n".join(parts) + "\n"


# ----- all of it -----

def write_class_reports(out_dir: Path, results: list[dict]) -> list[Path]:
    """Write the class page and, for a challenge assignment, the leaderboard; returns the files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    boards = {a: leaderboard(results, a) for a in _challenge_assignments(results)}
    for assignment, rows in boards.items():  # one challenge assignment per course today
        write_leaderboard_csv(rows, out_dir / LEADERBOARD_CSV)
        (out_dir / LEADERBOARD_HTML).write_text(leaderboard_page(rows, assignment), encoding="utf-8")
        add_places_to_feedback(out_dir / "feedback", rows, assignment)
        written += [out_dir / LEADERBOARD_CSV, out_dir / LEADERBOARD_HTML]
    (out_dir / CLASS_PAGE).write_text(class_page(results, out_dir, boards), encoding="utf-8")
    return written + [out_dir / CLASS_PAGE]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m autograder.report OUT_DIR  (the folder holding results.json)",
              file=sys.stderr)
        return 2
    out_dir = Path(args[0])
    results = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))
    for path in write_class_reports(out_dir, results):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
