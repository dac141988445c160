# The wheel carries the top-level resources/ folder as the package willkommensordner.resources;
# pyproject.toml alone cannot add a mapped folder to the packages it finds.
from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "willkommensordner.resources"],
    package_dir={"": "src", "willkommensordner.resources": "resources"},
)
