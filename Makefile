# The two commands a newcomer needs:  make lab   and   make test
# Everything else installs itself on first use too.

# The first of python3, python3.13, python3.12, python3.11 that is Python 3.11-3.13 (TensorFlow 2.21
# has wheels for those). `make PYTHON=/path/to/python3.12 ...` picks one by hand.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
            command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null \
            && { command -v $$p; break; }; done)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?=
SUBMISSIONS ?= submissions
OUT    ?= grading-output
WORKERS ?= 2
PYTEST_ARGS ?=
# Tests run in parallel processes (pytest-xdist); each notebook's replayed answers stay in one process.
TEST_WORKERS ?= 2
# Jupyter refuses to run as root without this flag (containers, CI); ordinary users never need it.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Instructor-only parts of nbgrader that a learner does not need in JupyterLab.
NBGRADER_LAB_OFF    := nbgrader:formgrader nbgrader:create-assignment nbgrader:course-list nbgrader:assignment-list
NBGRADER_SERVER_OFF := nbgrader.server_extensions.formgrader nbgrader.server_extensions.course_list nbgrader.server_extensions.assignment_list

.PHONY: help install lab test test-quick grade batch release benchmark sandbox clean

help:
	@echo "make lab        set everything up and open the course in JupyterLab"
	@echo "make test       set everything up and run the tests"
	@echo "make test-quick the fast tests only (no notebook runs, no grading), under 2 minutes"
	@echo "make grade NB=notebooks/00_welcome.ipynb   grade one notebook"
	@echo "make batch SUBMISSIONS=dir OUT=dir         grade a class"
	@echo "make sandbox   install bubblewrap, the sandbox grading runs notebooks in (Debian/Ubuntu, as root)"
	@echo "make release    regenerate notebooks/ from solutions/"
	@echo "make benchmark  run every solution notebook, record results/README.md"

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml fastsmall/kernel.py
	@test -x $(BIN)/python || test -n "$(PYTHON)" || { echo "The course needs Python 3.11, 3.12 or 3.13 (TensorFlow 2.21 has no wheels for other versions): install one, e.g. 'sudo apt install python3.12-venv' or 'brew install python@3.13', then run make again."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	$(BIN)/python -m fastsmall.kernel
	$(BIN)/jupyter labextension disable --level=sys_prefix $(NBGRADER_LAB_OFF) >/dev/null 2>&1
	for ext in $(NBGRADER_SERVER_OFF); do $(BIN)/jupyter server extension disable --sys-prefix $$ext >/dev/null 2>&1; done
	touch $(STAMP)

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15 $(PYTEST_ARGS)

test-quick: install
	$(BIN)/python -m pytest -m "not slow" -n $(TEST_WORKERS) $(PYTEST_ARGS)

grade: install
	@test -n "$(NB)" || (echo "usage: make grade NB=path/to/notebook.ipynb" && exit 2)
	$(BIN)/python -m autograder grade $(NB)

batch: install
	$(BIN)/python -m autograder batch $(SUBMISSIONS) --out $(OUT) --workers $(WORKERS)

release: install
	$(BIN)/python -m autograder release

benchmark: install
	$(BIN)/python -m autograder benchmark

# Grading runs each notebook's kernel in bubblewrap where it is installed (autograder/README.md).
sandbox:
	@if command -v bwrap >/dev/null 2>&1; then echo "bwrap is installed: grading is sandboxed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get install -y -qq bubblewrap >/dev/null || { apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; }; \
	  command -v bwrap >/dev/null; \
	else echo "bwrap is missing and cannot be installed here: run 'sudo apt-get install bubblewrap' (Debian/Ubuntu) or your system's bubblewrap package; until then grading is not sandboxed"; fi

clean:
	rm -rf $(VENV) build .pytest_cache
