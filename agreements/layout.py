"""The folders a document's layout may load files from, under names that do not say where they are.

WeasyPrint names a PDF's image objects after the image's URL, so a URL that holds the
project's path would make the PDF depend on the folder the project happens to be in.
Every resource is therefore addressed as ``file:///.agreements/<root>/<path>``, where
``<root>`` is ``project`` (the project folder), ``built-in`` (the built-in templates) or
``templates-N`` (a firm template folder outside the project). The same names are recorded
in the manifest for the files each output loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

URL_ROOT = "file:///.agreements/"

Roots = Mapping[str, Path]


def layout_roots(project_root: Path, template_dirs: Sequence[Path]) -> dict[str, Path]:
    """The named folders: the project, firm template folders outside it, the built-in templates."""
    roots = {"project": project_root}
    for i, d in enumerate(template_dirs[:-1], start=1):
        if not _inside(d, project_root):
            roots[f"templates-{i}"] = d
    roots["built-in"] = template_dirs[-1]
    return roots


def name_of(roots: Roots, path: Path) -> str | None:
    """``project/templates/logo.png`` for a file under a root (the innermost root wins)."""
    best: tuple[int, str] | None = None
    for name, root in roots.items():
        if _inside(path, root):
            rel = Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
            depth = len(Path(root).resolve().parts)
            if best is None or depth > best[0]:
                best = (depth, name if rel == "." else f"{name}/{rel}")
    return best[1] if best else None


def path_of(roots: Roots, name: str) -> Path | None:
    """The real file behind a name, after following symlinks; None when it leaves its root."""
    head, _, rest = name.partition("/")
    root = roots.get(head)
    if root is None:
        return None
    real_root = Path(root).resolve()
    path = (real_root / rest).resolve()
    return path if path.is_relative_to(real_root) else None


def url_of(name: str) -> str:
    return URL_ROOT + quote(name)


def name_of_url(roots: Roots, url: str) -> str | None:
    """The name a ``file:`` URL stands for: a named one, or a real path under a root."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    prefix = urlsplit(URL_ROOT).path
    if path.startswith(prefix):
        return path[len(prefix) :]
    return name_of(roots, Path(path))


def _inside(path: Path, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(root).resolve())
