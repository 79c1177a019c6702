"""`make lab` serves notebooks/ in JupyterLab with the course kernel and the learner's nbgrader tools only.

What the learner sees in a browser is checked by tests/test_browser.py; this test checks the server
side without a browser: the settings that `make install` (python -m fastsmall.lab setup) wrote.
"""
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from autograder import course
from fastsmall import kernel, lab

TOKEN = "course-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_instructor_plugin_ids_exist_in_the_installed_nbgrader():
    """Disabling a plugin id that nbgrader does not register hides nothing (and says nothing)."""
    from jupyter_core.paths import jupyter_path

    folders = [Path(p) / "@jupyter" / "nbgrader" / "static" for p in jupyter_path("labextensions")]
    static = next((f for f in folders if f.is_dir()), None)
    assert static, f"nbgrader's JupyterLab extension is not installed (looked in {folders})"
    code = "".join(p.read_text(errors="replace") for p in static.glob("*.js"))
    for plugin in (*lab.INSTRUCTOR_PLUGINS, lab.VALIDATE_PLUGIN):
        assert f'"{plugin}"' in code, (
            f"nbgrader's JupyterLab extension in {static} registers no plugin {plugin!r}: "
            "update fastsmall/lab.py to the installed nbgrader's plugin ids")


def test_validate_skips_demo_cells_as_the_grader_does():
    """make install configures nbgrader's Validate (read from the Jupyter config path) to leave the
    cells tagged demo unexecuted, so the Validate button takes seconds, not the whole experiment."""
    from jupyter_core.paths import jupyter_config_path
    from nbgrader.apps import NbGrader
    from nbgrader.preprocessors import Execute

    app = NbGrader()
    app.config_file_paths.append(jupyter_config_path())
    app.load_config_file()
    assert Execute(config=app.config).skip_cells_with_tag == course.DEMO_TAG, (
        f"{lab.validate_config_path()} does not make Validate skip demo cells: run `make install`")


def test_lab_command_serves_notebooks_as_root_only_with_allow_root():
    cmd = lab.command("--no-browser")
    assert f"--ServerApp.root_dir={course.NOTEBOOKS}" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)
    assert cmd[-1] == "--no-browser"


@pytest.mark.slow
def test_lab_serves_notebooks_with_course_kernel_and_learner_tools_only(tmp_path):
    port = free_port()
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    server = subprocess.Popen(
        lab.command("--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
                    f"--IdentityProvider.token={TOKEN}"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=course.ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                status, _ = get(f"{base}/api/status?token={TOKEN}")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 90 s")
        _, body = get(f"{base}/api/contents?token={TOKEN}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert "00_welcome.ipynb" in names
        # Only the course kernel, also for a new notebook.
        _, body = get(f"{base}/api/kernelspecs?token={TOKEN}")
        specs = json.loads(body)
        assert set(specs["kernelspecs"]) == {kernel.KERNEL_NAME}
        assert specs["default"] == kernel.KERNEL_NAME
        assert specs["kernelspecs"][kernel.KERNEL_NAME]["spec"]["display_name"] == kernel.DISPLAY_NAME
        # nbgrader's instructor plugins are off in the page the browser loads; Validate is on.
        status, page = get(f"{base}/lab?token={TOKEN}")
        assert status == 200
        page_config = json.loads(page.decode().split('id="jupyter-config-data" type="application/json">', 1)[1]
                                 .split("</script>", 1)[0])
        disabled = set(page_config.get("disabledExtensions", []))
        assert set(lab.INSTRUCTOR_PLUGINS) <= disabled, f"still on: {set(lab.INSTRUCTOR_PLUGINS) - disabled}"
        assert lab.VALIDATE_PLUGIN not in disabled  # the learner's Validate button
        # The news pop-up's setting defaults to "never" (and no update check); no extension manager.
        _, body = get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={TOKEN}")
        schema_defaults = {k: v.get("default") for k, v in json.loads(body)["schema"]["properties"].items()}
        assert schema_defaults["fetchNews"] == "false" and schema_defaults["checkForUpdates"] is False
        _, body = get(f"{base}/lab/api/settings/@jupyterlab/extensionmanager-extension:plugin?token={TOKEN}")
        assert json.loads(body)["schema"]["properties"]["enabled"]["default"] is False
        # The instructor's server side is off; the learner's validate endpoint is there.
        for path in ("formgrader", "formgraders", "courses", "assignments"):
            with pytest.raises(urllib.error.HTTPError) as error:
                get(f"{base}/{path}?token={TOKEN}")
            assert error.value.code == 404, path
        _, body = get(f"{base}/nbgrader_version?version=0&token={TOKEN}")
        assert "success" in json.loads(body)
    finally:
        server.terminate()
        server.wait(timeout=20)
