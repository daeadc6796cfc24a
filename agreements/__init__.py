"""agreements: legal documents for For-Purpose Enterprises, from validated data.

The public API is small on purpose; everything else is internal.
"""

__version__ = "0.1.0"

from .errors import AgreementsError, ClauseError, ConfigError, DataError, TemplateError, UsageError  # noqa: E402


def build_project(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Build a project's documents; see :func:`agreements.build.build` for the options."""
    from .build import build

    return build(*args, **kwargs)


def validate_project(project_dir="."):  # type: ignore[no-untyped-def]
    """Load and check a project's configuration and data; return the validated data."""
    from .project import load

    return load(project_dir).data


__all__ = [
    "AgreementsError",
    "ClauseError",
    "ConfigError",
    "DataError",
    "TemplateError",
    "UsageError",
    "__version__",
    "build_project",
    "validate_project",
]
