"""Command line: `python -m autograder grade|batch|release|benchmark ...` (see `--help`)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import course
from .grading import (DEFAULT_CELL_TIMEOUT, DEFAULT_MEMORY, DEFAULT_TIMEOUT, GradeResult,
                      grade_submission)


def print_table(result: GradeResult, out=sys.stdout) -> None:
    print(f"\n{result.submission}  [{result.assignment or '?'}]", file=out)
    if result.status != "graded":
        print(f"  ERROR: {result.message}", file=out)
        return
    width = max([len(t.grade_id) for t in result.tests] + [4])
    print(f"  {'test':<{width}}  {'score':>5} / {'max':<4}  message", file=out)
    for test in result.tests:
        mark = "ok" if test.passed else "--"
        first, *rest = (test.message or "").splitlines() or [""]
        print(f"  {test.grade_id:<{width}}  {test.score:>5g} / {test.max_score:<4g}  {mark} {first}",
              file=out)
        for line in rest:
            print(f"  {'':<{width}}                 {line}", file=out)
    print(f"  {'TOTAL':<{width}}  {result.score:>5g} / {result.max_score:<4g}"
          f"  ({result.seconds:.1f} s)", file=out)
    if result.message:
        print(f"  note: {result.message}", file=out)


def cmd_grade(args) -> int:
    results = []
    prepared: dict[str, course.PreparedAssignment] = {}
    for path in args.paths:
        assignment = args.assignment
        if assignment is None:
            try:
                assignment = course.identify_assignment(path)
            except ValueError:
                assignment = None  # grade_submission reports it
        if assignment and assignment not in prepared and assignment in course.assignment_ids():
            prepared[assignment] = course.PreparedAssignment(assignment)
        result = grade_submission(path, assignment, prepared.get(assignment),
                                  timeout=args.timeout, cell_timeout=args.cell_timeout,
                                  memory_bytes=int(args.memory_gb * 2**30),
                                  sandboxed=not args.no_sandbox)
        results.append(result)
        if not args.quiet:
            print_table(result)
    if args.json:
        Path(args.json).write_text(json.dumps([r.to_json() for r in results], indent=2) + "\n")
    return 0


def cmd_batch(args) -> int:
    from .batch import run_batch

    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder", file=sys.stderr)
        return 2
    try:
        run_batch(args.submissions, args.out, workers=max(1, args.workers), timeout=args.timeout,
                  cell_timeout=args.cell_timeout, memory_bytes=int(args.memory_gb * 2**30),
                  dask=args.dask, sandboxed=not args.no_sandbox)
    except (OSError, TimeoutError) as error:
        if not args.dask:
            raise
        print(f"error: cannot reach the Dask scheduler at {args.dask}: {error}", file=sys.stderr)
        return 2
    return 0


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds for a whole submission (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--cell-timeout", type=int, default=DEFAULT_CELL_TIMEOUT,
                        help=f"seconds for one cell (default {DEFAULT_CELL_TIMEOUT})")
    parser.add_argument("--memory-gb", type=float, default=DEFAULT_MEMORY / 2**30,
                        help=f"GiB for nbgrader plus the kernel (default {DEFAULT_MEMORY / 2**30:g})")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run the notebooks' kernels without the bubblewrap sandbox (every "
                             "result then says 'not sandboxed')")


def cmd_release(args) -> int:
    from .release import release_all, release_notebook

    paths = ([release_notebook(a) for a in args.assignments] if args.assignments
             else release_all())
    for path in paths:
        print(f"released {path.relative_to(course.ROOT)}")
    return 0


def cmd_benchmark(args) -> int:
    from .benchmark import main as run_benchmark

    return run_benchmark(readme_only=args.readme_only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Grade course notebooks with nbgrader.")
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser("grade", help="grade one or more submitted notebooks")
    grade.add_argument("paths", nargs="+", help="submitted .ipynb files")
    grade.add_argument("--assignment", help="notebook id to grade against (default: from the file name)")
    grade.add_argument("--json", metavar="OUT", help="write the results as JSON to OUT")
    add_limit_arguments(grade)
    grade.add_argument("--quiet", action="store_true", help="print no table")
    grade.set_defaults(run=cmd_grade)
    batch = sub.add_parser("batch", help="grade a class: SUBMISSIONS_DIR/<student>/<id>.ipynb")
    batch.add_argument("submissions", type=Path, help="folder with one sub-folder per student")
    batch.add_argument("--out", type=Path, required=True,
                       help="folder for grades.csv, results.json and feedback/<student>.html")
    where = batch.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=2,
                       help="submissions graded at the same time on this machine (default 2)")
    where.add_argument("--dask", metavar="ADDRESS",
                       help="grade on the workers of a Dask cluster, e.g. tcp://scheduler:8786 "
                            "(see autograder/README.md)")
    add_limit_arguments(batch)
    batch.set_defaults(run=cmd_batch)
    release = sub.add_parser("release", help="regenerate notebooks/ from solutions/")
    release.add_argument("assignments", nargs="*", metavar="ID",
                         help="only these notebook ids (default: all)")
    release.set_defaults(run=cmd_release)
    benchmark = sub.add_parser("benchmark", help="run every solution notebook and record results/README.md")
    benchmark.add_argument("--readme-only", action="store_true",
                           help="only rewrite README.md's headline figures from results/*.json")
    benchmark.set_defaults(run=cmd_benchmark)
    args = parser.parse_args(argv)
    asked = [args.assignment] if getattr(args, "assignment", None) else []
    asked += getattr(args, "assignments", None) or []
    unknown = [a for a in asked if a not in course.assignment_ids()]
    if unknown:
        parser.error(f"unknown assignment {unknown[0]!r}; known: "
                     + ", ".join(course.assignment_ids()))
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
