"""Build hook: copy the repository's top-level styles/ into the wheel as publish/styles/,
and its documents (docs/*.md) as publish/docs/.

styles/ stays the single source of truth (CSS, bundled fonts and their licences); the copy
exists only inside build/ and the wheel. The documents travel with the package because error
messages point the user at them ("see docs/LANGUAGES.md"), and a user who installed the wheel
has no checkout. Everything else is declared in pyproject.toml.
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
        # Only the Markdown documents: the pictures are for reading on the web.
        docs = Path(self.build_lib) / "publish" / "docs"
        if docs.exists():
            shutil.rmtree(docs)
        docs.mkdir()
        for document in sorted((HERE / "docs").glob("*.md")):
            shutil.copy2(document, docs / document.name)


setup(cmdclass={"build_py": BuildPyWithStyles})
