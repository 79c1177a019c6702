"""`make benchmark`: run every solution notebook as a learner would, record what it measured.

Each notebook runs top to bottom in the course kernel with COURSE_RESULTS_DIR set, so it writes
`results/<id>.json`; then one submission of it is graded, `results/README.md` gets a table of the
run times, grading times and every measured metric, and the headline figures in the top-level
README.md are rewritten from those files (`python -m autograder benchmark --readme-only` rewrites
them from the committed results without running anything).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from . import course
from .nbgrader_plugins import NoOutputWidgetCapture

RESULTS = course.ROOT / "results"
KERNEL_NAME = "fastsmall"


class CourseNotebookClient(NoOutputWidgetCapture, NotebookClient):
    """nbclient's client without its Output-widget imitation (see NoOutputWidgetCapture)."""


def execute_notebook(path: Path, results_dir: Path | None = None, timeout: int = 600,
                     skip_demo: bool = False, phases: dict | None = None):
    """Run a notebook top to bottom in a fresh course kernel; returns (notebook, seconds).

    Errors do not stop the run: inspect the result with `problems()`. `phases`, when given,
    receives the seconds spent starting the kernel, running the cells and stopping the kernel.
    """
    nb = nbformat.read(path, as_version=4)
    if skip_demo:
        course.skip_demo_cells(nb)
    env = {k: v for k, v in os.environ.items() if k != "COURSE_RESULTS_DIR"}
    env.update({k: v for k, v in course.GRADING_ENV.items() if k != "PYTHONWARNINGS"})
    if results_dir is not None:
        env["COURSE_RESULTS_DIR"] = str(results_dir)
    client = CourseNotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, allow_errors=True,
                                  resources={"metadata": {"path": str(path.parent)}})
    marks = {}
    client.on_notebook_start = lambda **_: marks.setdefault("kernel ready", time.monotonic())
    client.on_cell_executed = lambda **_: marks.update({"cells done": time.monotonic()})
    start = time.monotonic()
    client.execute(env=env)
    end = time.monotonic()
    if phases is not None:
        ready, done = marks.get("kernel ready", start), marks.get("cells done", end)
        phases.update({"kernel start": ready - start, "cells": done - ready, "kernel stop": end - done})
    return nb, end - start


def slowest_cells(nb, count: int = 5) -> str:
    """The `count` slowest cells of an executed notebook, from nbclient's timing metadata."""
    from datetime import datetime

    timed = []
    for index, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.status.busy" in timing and "shell.execute_reply" in timing:
            start, end = (datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                          for k in ("iopub.status.busy", "shell.execute_reply"))
            timed.append(((end - start).total_seconds(), index + 1, cell.source.split("\n")[0][:60]))
    return "; ".join(f"cell {i}: {s:.0f} s ({first!r})" for s, i, first in sorted(timed)[::-1][:count])


def problems(nb) -> list[str]:
    """Every error and every stderr output of an executed notebook, as readable lines."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index + 1}: {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(f"cell {index + 1} wrote to stderr: {output.get('text', '')[:300]!r}")
    return found


def main(readme_only: bool = False) -> int:
    from .grading import grade_submission

    if readme_only:
        write_readme_headlines()
        return 0
    RESULTS.mkdir(exist_ok=True)
    rows = []
    for assignment in course.assignment_ids():
        path = course.SOLUTIONS / f"{assignment}.ipynb"
        print(f"running {path.name} ...", flush=True)
        nb, seconds = execute_notebook(path, RESULTS)
        issues = problems(nb)
        grading_times = []
        for _ in range(3):
            graded = grade_submission(path)
            grading_times.append(graded.seconds)
        grading_times.sort()
        metrics_file = RESULTS / f"{assignment}.json"
        metrics = json.loads(metrics_file.read_text()) if metrics_file.exists() else {}
        rows.append((assignment, seconds, grading_times[1], graded, metrics, issues))
        print(f"  ran in {seconds:.1f} s, graded {graded.score:g}/{graded.max_score:g} in "
              f"{grading_times[1]:.1f} s (median of 3); {len(issues)} problem(s)", flush=True)
    write_report(rows)
    write_readme_headlines()
    return 0 if all(not r[5] for r in rows) else 1


def write_report(rows) -> None:
    lines = ["# Measured results", "",
             "Written by `make benchmark` on this machine "
             f"({os.cpu_count()} CPU cores), {time.strftime('%Y-%m-%d')}. Every number was measured "
             "by the notebook itself in that run.", "",
             "| notebook | run time (s) | grading one submission (s, median of 3) | solution score |",
             "|---|---:|---:|---:|"]
    for assignment, seconds, grading, graded, _, issues in rows:
        flag = " (problems!)" if issues else ""
        lines.append(f"| {assignment} | {seconds:.1f}{flag} | {grading:.1f} | "
                     f"{graded.score:g} / {graded.max_score:g} |")
    for assignment, _, _, _, metrics, issues in rows:
        lines += ["", f"## {assignment}", "", "| metric | value |", "|---|---:|"]
        lines += [f"| {name} | {value} |" for name, value in metric_rows(metrics)]
        lines += [f"- problem: {p}" for p in issues]
    (RESULTS / "README.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'README.md'}")


def spread_name(name: str) -> str:
    """The name a metric's spread over seeds is recorded under: X_pp -> X_std_pp, Y -> Y_std."""
    return name[:-3] + "_std_pp" if name.endswith("_pp") else name + "_std"


def metric_rows(metrics: dict) -> list[tuple[str, str]]:
    """(name, "value" or "value ± std") for each metric; a spread is shown beside its metric."""
    spreads = {spread_name(name) for name in metrics} & set(metrics)
    rows = []
    for name, value in sorted(metrics.items()):
        if name in spreads:
            continue
        text = f"{value:.4g}"
        if spread_name(name) in metrics:
            text += f" ± {metrics[spread_name(name)]:.2g}"
        rows.append((name, text))
    return rows


README = course.ROOT / "README.md"
HEADLINES_START = "<!-- headline figures: written by `make benchmark` from results/*.json, do not edit -->"
HEADLINES_END = "<!-- end of headline figures -->"


def _gain(metrics: dict, name: str) -> str:
    """'+1.2 ± 0.8 pp' and, when mean ± std covers zero, '(within noise)'."""
    value, spread = metrics[name], metrics.get(spread_name(name))
    if spread is None:
        return f"{value:+.1f} pp"
    noise = " (within noise)" if abs(value) <= spread else ""
    return f"{value:+.1f} ± {spread:.1f} pp{noise}"


def _headline_01(m: dict) -> str:
    best = max(m["baseline_native_accuracy"], m["baseline_upsampled_accuracy"])
    return (f"{_gain(m, 'augmentation_gain_pp')} test accuracy with augmentation over the better "
            f"unaugmented baseline ({best:.1%} → {m['augmented_accuracy']:.1%}), "
            f"{m['seeds']:.0f} seeds")


def _headline_02(m: dict) -> str:
    return (f"{_gain(m, 'schedule_gain_pp')} for the best tuned decaying schedule over the best "
            f"tuned constant rate ({m['constant_tuned_accuracy']:.1%} at lr "
            f"{m['constant_peak_lr']:.3g}), {m['seeds']:.0f} seeds; AdamW vs L2: "
            f"{_gain(m, 'adamw_vs_l2_pp')}")


def _headline_03(m: dict) -> str:
    return (f"{_gain(m, 'distillation_gain_pp')} for a {m['student_params_ratio']:.0f}× smaller "
            f"student ({m['scratch_accuracy']:.1%} → {m['distilled_accuracy']:.1%}), "
            f"{m['seeds']:.0f} seeds; consistent vs fixed teaching: "
            f"{_gain(m, 'consistent_vs_fixed_pp')}")


def _change(metrics: dict, drop_name: str) -> str:
    """An accuracy drop (pp, positive = worse) shown as the change it is: 'accuracy -0.3 ± 0.2 pp'."""
    value, spread = -metrics[drop_name], metrics.get(spread_name(drop_name))
    if spread is None:
        return f"accuracy {value:+.1f} pp"
    noise = " (within noise)" if abs(value) <= spread else ""
    return f"accuracy {value:+.1f} ± {spread:.1f} pp{noise}"


def _headline_04(m: dict) -> str:
    return (f"full int8: {m['int8_size_ratio']:.1f}× smaller, {m['int8_latency_speedup']:.1f}× "
            f"faster at batch 1 (LiteRT, 1 thread), {_change(m, 'int8_accuracy_drop_pp')}; "
            f"a NumPy integer-only forward matches LiteRT on {m['int_only_exact_rate']:.2%} of "
            f"outputs")


def _headline_05(m: dict) -> str:
    return (f"{m['sparsity']:.0%} sparse + int8 + gzip: {m['prune_quant_gzip_ratio']:.1f}× smaller "
            f"than float32 + gzip, {_change(m, 'prune_quant_accuracy_drop_pp')}; "
            f"{m['prune_quant_chosen_sparsity']:.0%} sparse (chosen on validation) + int8: "
            f"{m['prune_quant_chosen_gzip_ratio']:.1f}×, "
            f"{_change(m, 'prune_quant_chosen_accuracy_drop_pp')}; sensitivity-chosen vs uniform "
            f"sparsity at {m['sensitivity_target_sparsity']:.0%}: "
            f"{_gain(m, 'sensitivity_vs_uniform_pp')}")


def _headline_06(m: dict) -> str:
    return (f"the whole pipeline: {m['compression_ratio']:.0f}× smaller after gzip "
            f"({m['teacher_gzip_bytes'] / 1024:.0f} KiB → {m['final_gzip_bytes'] / 1024:.1f} KiB), "
            f"{m['final_latency_speedup']:.1f}× faster, {_change(m, 'final_accuracy_drop_pp')}")


HEADLINES = {
    "01_data_augmentation": _headline_01,
    "02_learning_rate_schedules": _headline_02,
    "03_knowledge_distillation": _headline_03,
    "04_quantization": _headline_04,
    "05_pruning": _headline_05,
    "06_compression_challenge": _headline_06,
}


def headlines_block(results_dir: Path = RESULTS) -> str:
    """The README's table of headline figures, from results/<id>.json."""
    lines = [HEADLINES_START,
             "| notebook | headline figure (mean ± std over seeds where seeds are used) |",
             "|---|---|"]
    for assignment, render in HEADLINES.items():
        path = results_dir / f"{assignment}.json"
        if path.exists():
            figure = render(json.loads(path.read_text()))
        else:
            figure = "not measured yet: run `make benchmark`"
        lines.append(f"| [`{assignment}`](notebooks/{assignment}.ipynb) | {figure} |")
    lines.append(HEADLINES_END)
    return "\n".join(lines)


def write_readme_headlines(readme: Path = README, results_dir: Path = RESULTS) -> None:
    text = readme.read_text()
    start, end = text.index(HEADLINES_START), text.index(HEADLINES_END) + len(HEADLINES_END)
    readme.write_text(text[:start] + headlines_block(results_dir) + text[end:])
    print(f"wrote the headline figures in {readme}")
