"""Install the course's Jupyter kernel into the current environment: `python -m fastsmall.kernel`.

It is an ordinary IPython kernel on this environment's Python, with two differences:
- TensorFlow's C++ log level is set before anything imports TensorFlow;
- output that C/C++ libraries write straight to the process's stderr (TensorFlow and LiteRT start-up
  lines) stays in the server log instead of being copied into the notebook as red "stderr" output.
Python's own `print(..., file=sys.stderr)` and warnings still show in the notebook as usual.
"""
import json
import sys
from pathlib import Path

from fastsmall import QUIET_TF_ENV

KERNEL_NAME = "fastsmall"
DISPLAY_NAME = "Python 3 (fast & small course)"


def kernel_spec() -> dict:
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.capture_fd_output=False"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "env": dict(QUIET_TF_ENV),
        "metadata": {"debugger": True},
    }


def install(prefix: str = sys.prefix) -> Path:
    folder = Path(prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kernel.json"
    path.write_text(json.dumps(kernel_spec(), indent=2) + "\n")
    return path


if __name__ == "__main__":
    print(f"installed kernel {KERNEL_NAME!r} at {install()}")
