"""Packages: every package under src/ is found (a new lab package ships without editing a list),
plus the lesson content (labs/) and vendored data (assets/) shipped as dltui._content and
dltui._assets. The rest of the configuration is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages("src"), "dltui._content", "dltui._assets"])
