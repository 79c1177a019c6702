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

# Keep at most this much of each output in the graded notebook.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
