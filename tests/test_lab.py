"""`make lab` serves notebooks/ in JupyterLab with the course kernel and the learner's nbgrader tools."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from autograder import course

TOKEN = "course-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@pytest.mark.slow
def test_lab_serves_notebooks_with_course_kernel_and_validate(tmp_path):
    port = free_port()
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.root_dir={course.NOTEBOOKS}", f"--IdentityProvider.token={TOKEN}"] + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                status, _ = get(f"{base}/api/status?token={TOKEN}")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        _, body = get(f"{base}/api/contents?token={TOKEN}")
        names = {item["name"] for item in json.loads(body)["content"]}
        assert "00_welcome.ipynb" in names
        _, body = get(f"{base}/api/kernelspecs?token={TOKEN}")
        assert "fastsmall" in json.loads(body)["kernelspecs"]
        status, page = get(f"{base}/lab?token={TOKEN}")
        assert status == 200
        page_config = json.loads(page.decode().split('id="jupyter-config-data" type="application/json">', 1)[1]
                                 .split("</script>", 1)[0])
        disabled = page_config.get("disabledExtensions", [])
        assert "nbgrader:formgrader" in disabled and "nbgrader:create-assignment" in disabled
        assert "nbgrader:validate-assignment" not in disabled  # the learner's Validate button
        with pytest.raises(urllib.error.HTTPError):  # the instructor's formgrader is switched off
            get(f"{base}/formgrader?token={TOKEN}")
    finally:
        server.terminate()
        server.wait(timeout=20)
