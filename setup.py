"""Build hook: copy the repository's top-level styles/ into the wheel as publish/styles/.

styles/ stays the single source of truth (CSS, bundled fonts and their licences); the copy
exists only inside build/ and the wheel. Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithStyles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's styles/ directly
            return
        target = Path(self.build_lib) / "publish" / "styles"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(HERE / "styles", target)


setup(cmdclass={"build_py": BuildPyWithStyles})
