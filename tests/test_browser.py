"""The learner's path, in a real browser: JupyterLab as `make lab` starts it, driven by Playwright.

Chromium is Debian's (`make browser` installs it); outside CI a machine without it skips this test.
Screenshots of every step go to build/browser-screenshots/ (look at them when the test fails).

The server gets the command and settings of `make lab` (`fastsmall.lab.command`), with a token on a
free port, and two deliberate differences: it serves a temporary copy of notebooks/ (running cells
and Validate save the notebook, which must not touch the repository) plus a completed copy of the
welcome notebook, and it keeps JupyterLab's user settings and workspaces in a temporary folder, so
the test sees what a new learner gets from `make install`, not this machine's own clicks.

To see the test fail for the right reasons:
    .venv/bin/python tests/test_browser.py kernel-missing | cell-error | validate-broken
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from fastsmall import kernel, lab

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "browser-screenshots"
TOKEN = "course-browser-test"
WELCOME = "00_welcome.ipynb"
COMPLETED = f"completed/{WELCOME}"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage"]
STDERR_MIME = "application/vnd.jupyter.stderr"  # JupyterLab renders errors and stderr with it
TIMEOUT_MS = 60_000
RUN_TIMEOUT_S = 240  # a run of the welcome notebook, or Validate, on a busy 2-core machine


def chromium_or_skip() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = (f"no Chromium at {CHROMIUM}: `make browser` installs Debian's chromium (apt-get, as "
               "root); COURSE_CHROMIUM=/path/to/chromium uses another build")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# ---------------------------------------------------------------------------------------- notebooks

def strip_solution_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def completed_copy(learner: Path, solution: Path, break_answer: bool = False):
    """The learner notebook with every answer cell replaced by the solution's answer, markers removed.

    break_answer makes the first answer raise, to show that the test notices an error in a cell."""
    nb = nbformat.read(learner, as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source
               for c in nbformat.read(solution, as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    filled = 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = strip_solution_markers(answers[meta["grade_id"]])
            if break_answer and filled == 0:
                cell.source += "\n\nraise RuntimeError('a broken answer cell')"
            filled += 1
    assert filled, f"{learner.name} has no answer cells"
    return nb


def visible_tests(path: Path) -> list[str]:
    """Sources of the test cells that have code in the learner notebook (hidden ones are comments)."""
    def has_code(source: str) -> bool:
        return any(line.strip() and not line.lstrip().startswith("#") for line in source.splitlines())

    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
            and has_code(c.source)]


def serve_root(tmp: Path, break_answer: bool = False) -> Path:
    root = tmp / "course"
    root.mkdir()
    for path in sorted(lab.NOTEBOOKS.glob("*.ipynb")):
        shutil.copy2(path, root / path.name)
    (root / COMPLETED).parent.mkdir()
    nbformat.write(completed_copy(root / WELCOME, SOLUTIONS / WELCOME, break_answer), root / COMPLETED)
    return root


def saved_problems(path: Path) -> list[str]:
    """Error and stderr outputs in a notebook as saved by JupyterLab."""
    found = []
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {i} ({cell.get('id')}): {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"cell {i} ({cell.get('id')}) wrote to stderr: {out.text.strip()[:300]}")
    return found


# ---------------------------------------------------------------------------------------- JupyterLab

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """`make lab`'s JupyterLab on a free port with a token, serving `root`."""

    def __init__(self, root: Path, home: Path, extra_args: tuple[str, ...] = (),
                 hide_course_kernel: bool = False) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = home / "jupyterlab.log"
        self.command = lab.command("--no-browser", f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
                                   f"--IdentityProvider.token={TOKEN}", *extra_args, root_dir=root)
        if hide_course_kernel:  # as if `python -m fastsmall.kernel` never ran: only the plain kernel
            self.command = [a for a in self.command if not a.startswith("--KernelSpecManager.allowed_kernelspecs=")]
            self.command.append("--KernelSpecManager.allowed_kernelspecs=python3")
        self.env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(home / "user-settings"),
                        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))

    def __enter__(self) -> "Lab":
        self._log = open(self.log, "w")
        self.server = subprocess.Popen(self.command, env=self.env, cwd=ROOT, stdout=self._log,
                                       stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError(f"JupyterLab exited with {self.server.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={TOKEN}", timeout=5):
                    return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError(f"JupyterLab did not answer within 90 s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        self.server.terminate()
        try:
            self.server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self._log.close()

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


# ---------------------------------------------------------------------------------------- the browser

class Learner:
    """A learner's clicks in JupyterLab, with a screenshot after each step."""

    def __init__(self, page, server: Lab, shots: Path) -> None:
        self.page, self.server, self.shots, self.step = page, server, shots, 0

    def shot(self, name: str) -> Path:
        self.step += 1
        path = self.shots / f"{self.step:02d}_{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def fail(self, what: str) -> None:
        shot = self.shot("failure")
        raise AssertionError(f"{what}\nscreenshot: {shot}\nJupyterLab log (end):\n{self.server.log_tail()}")

    @property
    def tab(self):
        """The main area's current tab."""
        return self.page.locator('li.lm-TabBar-tab.jp-mod-current[data-type="document-title"]')

    def tab_tooltip(self) -> str:
        """The current tab's tooltip: "Name: ...\nPath: ...\n" once the notebook has loaded."""
        return (self.tab.get_attribute("title") or "") if self.tab.count() == 1 else ""

    @property
    def panel(self):
        """The notebook shown in the main area's current tab."""
        return self.page.locator(f'[id="{self.tab.get_attribute("data-id")}"]')

    def start(self, path: str) -> None:
        self.page.goto(f"{self.server.base}/lab/tree/{path}?token={TOKEN}&reset")
        self.page.locator(".jp-LabShell").wait_for(timeout=TIMEOUT_MS)
        self.wait_for_notebook(path)

    def open(self, path: str) -> None:
        """File > Open from Path..., as a learner would open a notebook."""
        self.menu("File", "Open from Path…")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("input").fill(path)
        dialog.locator(".jp-mod-accept").click()
        self.wait_for_notebook(path)

    def menu(self, top: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(top)}$")).click()
        self.page.locator(".lm-Menu-item:visible", has_text=item).first.click()

    def wait_for_notebook(self, path: str) -> None:
        # Two notebooks may share a name (completed/00_welcome.ipynb): the tab's tooltip has the path.
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while f"Path: {path}\n" not in self.tab_tooltip():
            if time.monotonic() > deadline:
                self.fail(f"{path} did not open in JupyterLab")
            time.sleep(0.1)
        try:
            self.panel.locator(".jp-Cell").first.wait_for(timeout=TIMEOUT_MS)
        except Exception:
            self.fail(f"{path} did not open in JupyterLab")
        self.wait_for_kernel(path)

    def wait_for_kernel(self, path: str) -> None:
        """The notebook's kernel is the course kernel and is idle; no dialog asks for another one."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        name = status = None
        while time.monotonic() < deadline:
            if self.page.locator(".jp-Dialog").count():
                self.fail(f"{path}: a dialog opened instead of the course kernel: "
                          f"{self.page.locator('.jp-Dialog').first.inner_text()!r}")
            name = self.panel.locator(".jp-KernelName").inner_text().strip()
            status = self.panel.locator(".jp-Notebook-ExecutionIndicator").get_attribute("data-status")
            if name == kernel.DISPLAY_NAME and status == "idle":
                return
            time.sleep(0.25)
        self.fail(f"{path}: expected the course kernel {kernel.DISPLAY_NAME!r}, idle; "
                  f"the toolbar shows kernel {name!r} with status {status!r}")

    def prompts(self) -> list[str]:
        return [t.strip() for t in self.panel.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()]

    def run_all(self, path: str) -> None:
        """Run > Run All Cells, then wait until no cell is queued or running and the kernel is idle."""
        # Click the notebook's tab first: the Run menu acts on the notebook that last had the focus.
        self.tab.click()
        self.menu("Run", "Run All Cells")
        start = time.monotonic()
        while True:
            prompts = self.prompts()
            status = self.panel.locator(".jp-Notebook-ExecutionIndicator").get_attribute("data-status")
            started = any(p == "[*]:" or re.fullmatch(r"\[\d+\]:", p) for p in prompts)
            if started and status == "idle" and "[*]:" not in prompts:
                break
            if not started and time.monotonic() - start > 20:
                self.fail(f"{path}: Run > Run All Cells started no cell within 20 s; prompts {prompts}")
            if time.monotonic() - start > RUN_TIMEOUT_S:
                self.fail(f"{path}: Run All Cells did not finish within {RUN_TIMEOUT_S} s; prompts {prompts}")
            time.sleep(0.25)
        self.page.keyboard.press("Control+s")
        prompts = self.prompts()
        not_run = [i for i, p in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", p)]
        shown = self.panel.locator(f'.jp-OutputArea-output[data-mime-type="{STDERR_MIME}"]')
        if shown.count():
            self.fail(f"{path}: {shown.count()} error or stderr output(s) after Run All Cells, the first:\n"
                      f"{(shown.first.text_content() or '')[:1500]}")
        if not_run:
            self.fail(f"{path}: code cells {not_run} (0-based among code cells) did not run; prompts {prompts}")

    def validate(self, path: str) -> tuple[str, str]:
        """Click Validate; returns the class and the text of the validation message."""
        button = self.panel.locator(".validate-button")
        if not button.count():
            self.fail(f"{path}: no Validate button in the notebook toolbar")
        button.click()
        dialog = self.page.locator(".jp-Dialog")
        try:
            dialog.wait_for(timeout=RUN_TIMEOUT_S * 1000)
        except Exception:
            self.fail(f"{path}: Validate showed no dialog within {RUN_TIMEOUT_S} s")
        self.shot(f"validate_{path.replace('/', '_').removesuffix('.ipynb')}")
        title = dialog.locator(".jp-Dialog-header").inner_text().strip()
        body = dialog.locator(".jp-Dialog-body").inner_text().strip()
        if title != "Validation Results":
            self.fail(f"{path}: Validate showed {title!r} instead of the validation results:\n{body[:1500]}")
        message = dialog.locator("#validation-message")
        kind = " ".join(c for c in (message.get_attribute("class") or "").split() if c.startswith("validation-"))
        dialog.locator(".jp-mod-accept").click()
        dialog.wait_for(state="detached", timeout=TIMEOUT_MS)
        return kind, body


def check_learner_tools_only(learner: Learner) -> None:
    """No instructor tools, no news pop-up, no extension manager; the Validate button is there."""
    page, problems = learner.page, []
    menus = [t.strip() for t in page.locator(".lm-MenuBar-item").all_inner_texts()]
    if "Nbgrader" in menus:
        problems.append(f"the instructors' Nbgrader menu is shown: {menus}")
    sidebar = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
        "tabs => tabs.map(t => t.getAttribute('title') || t.innerText || '')")
    if [t for t in sidebar if "Assignment" in t] or page.locator("#nbgrader-create_assignemnt").count():
        problems.append(f"nbgrader's Create Assignment sidebar is shown: {sidebar}")
    if "Extension Manager" in sidebar:
        problems.append(f"the extension manager (it searches PyPI) is shown: {sidebar}")
    toasts = page.locator(".Toastify__toast").all_inner_texts()
    if [t for t in toasts if "news" in t.lower()]:
        problems.append(f"the Jupyter news pop-up is shown: {toasts}")
    if learner.panel.locator(".validate-button").count() != 1:
        problems.append("no Validate button in the notebook toolbar")
    if problems:
        learner.fail("what the learner sees is wrong:\n" + "\n".join(problems))


def run_learner_path(tmp: Path, lab_args: tuple[str, ...] = (), break_answer: bool = False,
                     hide_course_kernel: bool = False) -> dict:
    """The whole path; raises AssertionError with a screenshot path at the first thing that is wrong."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    root = serve_root(tmp, break_answer)
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    times = {}
    start = time.monotonic()
    with Lab(root, tmp, lab_args, hide_course_kernel) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp / "chromium-profile", executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900})  # a fresh profile: nothing cached from a last run
        page = browser.pages[0] if browser.pages else browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        learner = Learner(page, server, SCREENSHOTS)
        times["server"] = time.monotonic() - start
        try:

            # 1. The welcome notebook as released: course kernel, learner tools only.
            learner.start(WELCOME)
            time.sleep(1)  # the news prompt, when it is on, appears right after start-up
            learner.shot("welcome_opened")
            check_learner_tools_only(learner)
            times["welcome_open"] = time.monotonic() - start

            # 2. Validate on the blank notebook lists exactly its failing visible tests.
            kind, body = learner.validate(WELCOME)
            expected = visible_tests(root / WELCOME)
            failed = body.count("The following cell failed:")
            if kind != "validation-failed" or failed != len(expected):
                learner.fail(f"{WELCOME}: Validate on the blank notebook should list its {len(expected)} "
                             f"failing visible tests; got {kind!r} with {failed} failed cell(s):\n{body[:1500]}")
            missing = [src.splitlines()[0] for src in expected if src.splitlines()[0] not in body]
            if missing or "NotImplementedError" not in body:
                learner.fail(f"{WELCOME}: the Validate report should show each visible test and "
                             f"NotImplementedError; missing {missing}:\n{body[:1500]}")
            times["validate_blank"] = time.monotonic() - start

            # 3. A completed copy: Run All Cells shows no error and no stderr, and Validate passes.
            learner.open(COMPLETED)
            learner.run_all(COMPLETED)
            learner.shot("completed_ran")
            times["run_all"] = time.monotonic() - start
            kind, body = learner.validate(COMPLETED)
            if kind != "validation-success":
                learner.fail(f"{COMPLETED}: Validate should pass on the solution's answers; got {kind!r}:\n"
                             f"{body[:1500]}")
            problems = saved_problems(root / COMPLETED)
            if problems:
                learner.fail(f"{COMPLETED} as saved after Run All Cells:\n" + "\n".join(problems))
            times["validate_completed"] = time.monotonic() - start

            # 4. Every topic notebook opens with the course kernel.
            for path in sorted(p.name for p in root.glob("*.ipynb") if p.name != WELCOME):
                learner.open(path)
                learner.shot(f"opened_{Path(path).stem}")
            times["topics"] = time.monotonic() - start
        except PlaywrightError as error:  # a step that timed out: say which, with a screenshot
            learner.fail(f"the browser step failed: {error.message}")
        finally:
            browser.close()
    return times


@pytest.mark.slow
def test_learner_path_in_browser(tmp_path):
    chromium_or_skip()
    times = run_learner_path(tmp_path)
    print("seconds since start: " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()))


DEMONSTRATIONS = {
    # the course kernel is not installed: the server offers only the plain python3 kernel
    "kernel-missing": dict(hide_course_kernel=True),
    # an answer cell raises
    "cell-error": dict(break_answer=True),
    # the Validate server side is off, as if nbgrader's validate_assignment extension were disabled
    "validate-broken": dict(lab_args=(
        "--ServerApp.jpserver_extensions=nbgrader.server_extensions.validate_assignment=False",)),
}

if __name__ == "__main__":
    import tempfile

    passed = []
    for name in sys.argv[1:] or list(DEMONSTRATIONS):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                run_learner_path(Path(tmp), **DEMONSTRATIONS[name])
            except AssertionError as error:
                print(f"== {name}: the test fails, as it should:\n{error}\n", flush=True)
            else:
                print(f"== {name}: the test PASSED although it should fail", flush=True)
                passed.append(name)
    sys.exit(1 if passed else 0)
