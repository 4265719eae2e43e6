"""pipelines."""

# Beam without the optional clients no job uses, before any module here imports it.
from babelshard.translators import lean_beam as _lean_beam  # noqa: F401
