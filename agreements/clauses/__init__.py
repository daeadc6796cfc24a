"""The clause library: clause files, their front matter and their layered lookup."""

from .clause import Clause, read_clause
from .library import Layer, Library

__all__ = ["Clause", "Layer", "Library", "read_clause"]
