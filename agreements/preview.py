"""The live preview's pages: a project's documents as HTML, rebuilt when their files change.

A Preview keeps what it built last: the Document trees (by enterprise, document, agent and
language) and the HTML of each page. A change to the data or to agreements.toml makes every
tree stale; a clause file, the trees of the documents whose outline names its clause, in its
language; an outline, the documents of its kind; a template or stylesheet, the HTML of every
page. Pages are built when first asked for, and the pages a browser has open at once after a
change, so a change costs what it touches. What goes wrong is kept as the command line
prints it: for the whole project (its settings, data or clause files), or for one page.

Everything is built with the library's own functions (agreements.project, agreements.plan,
agreements.jobs), as HTML only: WeasyPrint is never imported here.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .clauses import Clause, read_clause
from .clauses.clause import FILE_NAME
from .errors import AgreementsError, UsageError
from .jobs import RenderJob
from .plan import DocumentKey, PlannedOutput, make_plan, output_stem
from .project import LoadedProject, load
from .resources import templates_dir
from .tree import Document

PREFIX = "/"


@dataclass(frozen=True)
class Page:
    """One document the preview serves, at ``url`` (``/<enterprise>/<document>.<lang>.html``)."""

    url: str
    enterprise: str
    enterprise_name: str
    document: str
    title: str
    lang: str
    agent: str = ""
    agent_name: str = ""

    @property
    def stem(self) -> str:
        return self.url[len(PREFIX) : -len(".html")]

    def keys(self) -> list[DocumentKey]:
        return [(self.enterprise, self.document, self.agent, part) for part in self.lang.split("+")]


class ClauseReader:
    """Reads clause files, keeping each file's clause until the file's bytes change."""

    def __init__(self) -> None:
        self._read: dict[tuple[Path, str], tuple[bytes, Clause]] = {}

    def __call__(self, path: Path, layer: str) -> Clause:
        data = path.read_bytes()
        kept = self._read.get((path, layer))
        if kept is not None and kept[0] == data:
            return kept[1]
        clause = read_clause(path, layer)
        if path.read_bytes() == data:  # not rewritten meanwhile: what was read is what is there
            self._read[(path, layer)] = (data, clause)
        return clause


def internal_error(exc: Exception) -> list[str]:
    return [f"internal error: {type(exc).__name__}: {exc}", "This is a bug in agreements; please report it."]


class Preview:
    """What the preview serves, rebuilt as files change. Thread-safe: every method holds the lock."""

    def __init__(
        self,
        root: Path,
        *,
        documents: Iterable[str] = (),
        languages: Iterable[str] = (),
        enterprises: Iterable[str] = (),
        agents: Iterable[str] = (),
        highlight: bool = True,
        allow_missing: bool = False,
        failed: Callable[[str, list[str]], None] = lambda url, lines: None,
    ):
        self.root = Path(root)
        self.failed = failed  # hears of a page that cannot be built, when it is built
        self.documents, self.languages = list(documents), list(languages)
        self.enterprises, self.agents = list(enterprises), list(agents)
        self.highlight, self.allow_missing = highlight, allow_missing
        self.lock = threading.RLock()
        self.changes = threading.Condition(self.lock)
        self.version = 0  # goes up with every change; a browser then asks for its page's token
        self.closed = False
        self.viewers: Counter[str] = Counter()  # url -> browsers that have the page open
        self.loaded: LoadedProject | None = None
        self.problem: list[str] = []  # the project cannot be read: every page shows this
        self.pages: dict[str, Page] = {}
        self.trees: dict[DocumentKey, Document] = {}
        self.html: dict[str, str] = {}
        self.errors: dict[str, list[str]] = {}
        self._reader = ClauseReader()

    # --- reading the project ---------------------------------------------------------

    def reload(self) -> None:
        """Read the project again (settings, data, clause files, which pages there are).
        A usage error (an unknown --enterprise or --agent) is raised; others are kept."""
        with self.lock:
            self.problem = []
            try:
                self.loaded = load(self.root, self._reader)
                self.loaded.data  # noqa: B018 - read and validated here, so that a problem shows everywhere
                self.loaded.checked_library()
                self.pages = {p.url: p for p in self._list_pages(self.loaded)}
            except AgreementsError as exc:
                if exc.exit_code == 2 and not self.pages:
                    raise
                self.problem = exc.lines()
            except Exception as exc:  # an engine bug: shown on the page, the preview goes on
                self.problem = internal_error(exc)

    def _list_pages(self, loaded: LoadedProject) -> list[Page]:
        documents = self.documents or list(loaded.config.documents)
        languages = self.languages or list(loaded.config.languages)
        known = [a.id for a in loaded.data.agents]
        for agent_id in self.agents:
            if agent_id not in known:
                raise UsageError(f"no agent '{agent_id}' in this project; agents: {', '.join(known)}")
        pages = []
        for view in loaded.select_views(self.enterprises):
            ent = view.enterprise
            for document in documents:
                outline = loaded.outline(document, view)
                members = [a for a in view.members() if not self.agents or a.id in self.agents]
                for agent in members if outline.per == "agent" else [None]:
                    for label in languages:
                        agent_id = agent.id if agent else ""
                        pages.append(
                            Page(
                                f"{PREFIX}{output_stem(ent.id, document, label, agent_id)}.html",
                                ent.id,
                                ent.name,
                                document,
                                " / ".join(outline.title(part) for part in label.split("+")),
                                label,
                                agent_id,
                                agent.name if agent else "",
                            )
                        )
        return pages

    # --- what a change touches ---------------------------------------------------------

    def changed(self, paths: Iterable[Path]) -> dict[str, list[str]]:
        """Take in changed files: drop what they make stale, read the project again, rebuild
        the pages a browser has open, and tell the browsers. Returns each open page that was
        built again with what stops it from being built (nothing, when it was built)."""
        with self.lock:
            before = self.loaded
            paths = [Path(p).absolute() for p in paths]
            everything = before is None or bool(self.problem) or any(self._is_setting(before, p) for p in paths)
            self.reload()
            if everything:
                self.trees.clear()
                self.html.clear()
            else:
                assert before is not None
                stale = self._stale_trees(before, paths)
                self.trees = {k: t for k, t in self.trees.items() if k not in stale}
                if any(self._is_layout(before, p) for p in paths):
                    self.html.clear()
                else:
                    self.html = {
                        u: h for u, h in self.html.items() if u in self.pages and not stale & set(self._keys(u))
                    }
            self.errors.clear()  # a page that failed is always built again
            unbuilt = [url for url in self.viewers if self.viewers[url] and url in self.pages and url not in self.html]
            rebuilt = {url: [] if self._build(url) else self.problem or self.errors.get(url, []) for url in unbuilt}
            self.version += 1
            self.changes.notify_all()
            return rebuilt

    def _keys(self, url: str) -> list[DocumentKey]:
        page = self.pages.get(url)
        return page.keys() if page else []

    def _is_setting(self, loaded: LoadedProject, path: Path) -> bool:
        """agreements.toml or a data file: everything depends on them."""
        project = loaded.project
        return path == (self.root / "agreements.toml").absolute() or path in {f.absolute() for f in project.data_files}

    def _template_dirs(self, before: LoadedProject) -> list[Path]:
        """The template folders before the change and after it (a project may have just made its own)."""
        return [*before.template_dirs, *self._layout()[1]]

    def _is_layout(self, before: LoadedProject, path: Path) -> bool:
        """A template, stylesheet, font or image (anything in a template folder but an outline)."""
        return path.name != "outline.yaml" and any(_under(path, d) for d in self._template_dirs(before))

    def _stale_trees(self, before: LoadedProject, paths: list[Path]) -> set[DocumentKey]:
        """The trees that a change of clause files or outlines makes stale."""
        ids: set[tuple[str, str]] = set()  # (clause or group id, language)
        kinds: set[str] = set()
        for path in paths:
            if path.name == "outline.yaml" and any(_under(path, d) for d in self._template_dirs(before)):
                kinds.add(path.parent.name)
            elif FILE_NAME.match(path.name) and any(_under(path, layer.root) for layer in before.layers):
                lang = FILE_NAME.match(path.name)["lang"]  # type: ignore[index]
                for loaded in (before, self.loaded):
                    if loaded is not None and not self.problem:
                        library = loaded.library
                        for c in [*library.clauses.values(), *library.shadowed]:
                            if c.path.absolute() == path:
                                ids.add((c.group or c.id, lang))
        if not ids and not kinds:
            return set()
        stale = set()
        for key in self.trees:
            enterprise, document, _, lang = key
            view = next((v for v in before.views if v.enterprise.id == enterprise), None)
            if view is None:
                stale.add(key)
                continue
            outline = before.outline(document, view)
            if outline.kind in kinds or any((e.clause_id, lang) in ids for e in outline.entries):
                stale.add(key)
        return stale

    # --- building a page -------------------------------------------------------------

    def _build(self, url: str) -> bool:
        """Build a page's HTML, when it is not built yet; False when it cannot be built."""
        if self.problem or url not in self.pages:
            return False
        if url in self.html:
            return True
        if url in self.errors:
            return False
        page, loaded = self.pages[url], self.loaded
        assert loaded is not None
        try:
            for key in page.keys():
                if key not in self.trees:
                    plan = make_plan(
                        loaded,
                        [page.document],
                        [key[3]],
                        ("html",),
                        self.allow_missing,
                        [page.enterprise],
                        [page.agent] if page.agent else [],
                        highlight=self.highlight,
                    )
                    self.trees.update(plan.documents)
            view = next(v for v in loaded.views if v.enterprise.id == page.enterprise)
            docs = tuple(self.trees[k] for k in page.keys())
            effective = view.enterprise.effective_date
            output = PlannedOutput(
                page.enterprise, page.document, page.lang, ("html",), page.stem, docs, effective, page.agent
            )
            job = RenderJob.of(output, loaded.template_dirs, loaded.root, final=False, highlight=self.highlight)
            self.html[url] = job.html()
            return True
        except AgreementsError as exc:
            self.errors[url] = exc.lines()
        except Exception as exc:  # an engine bug: shown on the page, the preview goes on
            self.errors[url] = internal_error(exc)
        self.failed(url, self.errors[url])
        return False

    def content(self, url: str) -> tuple[str | None, list[str]]:
        """A page's HTML, or the lines of what stops it from being built."""
        with self.lock:
            if self._build(url):
                return self.html[url], []
            return None, self.problem or self.errors.get(url, [])

    def listing(self) -> tuple[list[Page], list[str]]:
        """Every page, in order, and the project's problem (if any), for the index."""
        with self.lock:
            return list(self.pages.values()), list(self.problem)

    def _layout(self) -> tuple[list[Path], list[Path]]:
        """The clause and template folders of the project as last read; when the project cannot
        name them (a folder it names is missing), the built-in templates alone."""
        try:
            if self.loaded is not None:
                return [layer.root for layer in self.loaded.layers], list(self.loaded.template_dirs)
        except AgreementsError:
            pass
        return [], [templates_dir()]

    def folders(self) -> list[Path]:
        """The folders to watch: the project and the clause and template folders it uses."""
        with self.lock:
            found = [self.root.absolute()]
            layers, templates = self._layout()
            for folder in [*layers, *templates]:
                folder = folder.absolute()
                if folder.is_dir() and not any(_under(folder, f) for f in found):
                    found.append(folder)
            return found

    def output_folder(self) -> Path | None:
        with self.lock:
            return (self.root / self.loaded.config.output).absolute() if self.loaded else None

    def style_dir(self) -> Path:
        """The folder the stylesheet and fonts are served from."""
        with self.lock:
            dirs = self._layout()[1]
            return next((d for d in dirs if (d / "print.css").is_file()), dirs[-1])

    def allowed(self) -> list[Path]:
        """The folders layout files are served from: the template folders and the project."""
        with self.lock:
            return [*self._layout()[1], self.root]

    def watching(self, url: str, change: int) -> None:
        """A browser opened (1) or closed (-1) a page: open pages are rebuilt at once."""
        with self.lock:
            self.viewers[url] += change
            if self.viewers[url] <= 0:
                del self.viewers[url]

    def wait(self, seen: int, timeout: float) -> int:
        """The version after the next change (or ``seen`` after ``timeout`` seconds)."""
        with self.changes:
            if self.version == seen and not self.closed:
                self.changes.wait(timeout)
            return self.version

    def close(self) -> None:
        with self.changes:
            self.closed = True
            self.changes.notify_all()


def _under(path: Path, folder: Path) -> bool:
    return path.absolute().is_relative_to(folder.absolute())
