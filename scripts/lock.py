"""Write requirements.lock from the virtual environment: every installed package as name==version (a
package installed from a local wheel is written by its version too, so the lock works on any machine)."""

import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = [
    "# Exact versions of every package: constraints for the Makefile (pip install -c requirements.lock).",
    "# Regenerate after changing pyproject.toml: .venv/bin/python scripts/lock.py",
]


def main() -> None:
    subprocess.run([sys.executable, "-m", "pip", "check"], check=False)  # noqa: S603 - fixed arguments
    pins = sorted(
        {
            f"{d.metadata['Name']}=={d.version}"
            for d in distributions()
            if d.metadata["Name"] not in ("migis", "pip", "setuptools", "wheel")
        },
        key=str.lower,
    )
    (ROOT / "requirements.lock").write_text("\n".join(HEADER + pins) + "\n")
    print(f"{len(pins)} packages pinned")


if __name__ == "__main__":
    main()
