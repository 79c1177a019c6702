# The two commands a newcomer needs:  make lab   and   make test
# Everything else installs itself on first use too.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?=
SUBMISSIONS ?= submissions
OUT    ?= grading-output
WORKERS ?= 2
PYTEST_ARGS ?=
# Jupyter refuses to run as root without this flag (containers, CI); ordinary users never need it.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Instructor-only parts of nbgrader that a learner does not need in JupyterLab.
NBGRADER_LAB_OFF    := nbgrader:formgrader nbgrader:create-assignment nbgrader:course-list nbgrader:assignment-list
NBGRADER_SERVER_OFF := nbgrader.server_extensions.formgrader nbgrader.server_extensions.course_list nbgrader.server_extensions.assignment_list

.PHONY: help install lab test grade batch release benchmark clean

help:
	@echo "make lab        set everything up and open the course in JupyterLab"
	@echo "make test       set everything up and run the tests"
	@echo "make grade NB=notebooks/00_welcome.ipynb   grade one notebook"
	@echo "make batch SUBMISSIONS=dir OUT=dir         grade a class"
	@echo "make release    regenerate notebooks/ from solutions/"
	@echo "make benchmark  run every solution notebook, record results/README.md"

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml fastsmall/kernel.py
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
	$(BIN)/python -m pytest $(PYTEST_ARGS)

grade: install
	@test -n "$(NB)" || (echo "usage: make grade NB=path/to/notebook.ipynb" && exit 2)
	$(BIN)/python -m autograder grade $(NB)

batch: install
	$(BIN)/python -m autograder batch $(SUBMISSIONS) --out $(OUT) --workers $(WORKERS)

release: install
	$(BIN)/python -m autograder release

benchmark: install
	$(BIN)/python -m autograder benchmark

clean:
	rm -rf $(VENV) build .pytest_cache
