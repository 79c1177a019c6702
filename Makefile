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

.PHONY: help install lab test test-quick grade batch release benchmark sandbox browser clean

help:
	@echo "make lab        set everything up and open the course in JupyterLab"
	@echo "make test       set everything up and run the tests"
	@echo "make test-quick the fast tests only (no notebook runs, no grading), under 2 minutes"
	@echo "make grade NB=notebooks/00_welcome.ipynb   grade one notebook"
	@echo "make batch SUBMISSIONS=dir OUT=dir         grade a class"
	@echo "make sandbox   install bubblewrap, the sandbox grading runs notebooks in (Debian/Ubuntu, as root)"
	@echo "make browser   install Chromium for the browser test of the learner's JupyterLab (Debian, as root)"
	@echo "make release    regenerate notebooks/ from solutions/"
	@echo "make benchmark  run every solution notebook, record results/README.md"

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml fastsmall/kernel.py fastsmall/lab.py
	@test -x $(BIN)/python || test -n "$(PYTHON)" || { echo "The course needs Python 3.11, 3.12 or 3.13 (TensorFlow 2.21 has no wheels for other versions): install one, e.g. 'sudo apt install python3.12-venv' or 'brew install python@3.13', then run make again."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	$(BIN)/python -m fastsmall.kernel
	$(BIN)/python -m fastsmall.lab setup  # learner's JupyterLab: no nbgrader instructor tools, no news pop-up
	touch $(STAMP)

lab: install
	$(BIN)/python -m fastsmall.lab  # jupyter lab on notebooks/ with the course kernel (fastsmall/lab.py)

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

# The browser test (tests/test_browser.py) drives Debian's Chromium; the font shows the notebooks' Chinese.
browser:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium is installed: the browser test runs"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  pkgs="chromium fonts-liberation fonts-wqy-microhei"; \
	  apt-get install -y -qq --no-install-recommends $$pkgs >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends $$pkgs >/dev/null; }; \
	  command -v chromium >/dev/null; \
	else echo "chromium is missing and cannot be installed here: run 'sudo apt-get install chromium fonts-wqy-microhei' (Debian), or set COURSE_CHROMIUM=/path/to/chromium; until then the browser test is skipped"; fi

clean:
	rm -rf $(VENV) build .pytest_cache
