"""babelshard: multilingual vision-language training data from English corpora.

The subpackages live in top-level folders of the repository and are installed
under this namespace (see ``pyproject.toml``), so that generic names such as
``filters`` never collide in a worker's site-packages.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("babelshard")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"
