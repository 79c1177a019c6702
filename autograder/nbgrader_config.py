# nbgrader settings shared by every grading run of this course.
#
# `python -m autograder` writes a small nbgrader_config.py into each temporary course directory
# that loads this file and then sets the paths. Instructors with their own nbgrader course
# directory can load it the same way:  load_subconfig("/path/to/course/autograder/nbgrader_config.py")
c = get_config()  # noqa: F821 (provided by traitlets when nbgrader reads this file)

c.CourseDirectory.course_id = "fastsmall"

# Put back test cells that a learner deleted or whose metadata was stripped, so they still run.
c.OverwriteCells.add_missing_cells = True

# A cell that runs longer than this is interrupted and counts as an error (seconds).
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
# Once the last cell has run, the kernel is killed rather than asked to exit (which takes most of
# a second): its results are in, and a sandboxed kernel's processes all go with it.
c.Execute.shutdown_kernel = "immediate"
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "the cell ran longer than the time limit per cell and was interrupted",
    "traceback": ["CellTimeoutError: the cell ran longer than the time limit per cell and was "
                  "interrupted (an endless loop?)"],
}

# Keep at most this much of each output in the graded notebook.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# The course's nbgrader extensions (autograder/nbgrader_plugins.py): a guard cell at the top of
# every submission (restores monkeypatched checks, caps output), a kernel without network where
# Linux allows it, and a kernel that dies or hangs costing the remaining tests, not the notebook.
# They live next to this file, so make them importable by nbgrader and by the kernels it starts.
import os  # noqa: E402
import sys  # noqa: E402

_course_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # noqa: F821
if _course_root not in sys.path:
    sys.path.insert(0, _course_root)
if _course_root not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_course_root,
                                                             os.environ.get("PYTHONPATH")]))
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
    "autograder.nbgrader_plugins.SkipDemoCells",
    "autograder.nbgrader_plugins.InsertGuard",
]
c.Autograde.autograde_preprocessors = [
    "autograder.nbgrader_plugins.ResilientExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    "autograder.nbgrader_plugins.ExportScores",
]
