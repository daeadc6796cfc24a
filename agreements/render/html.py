"""Document tree -> HTML, through the document kind's Jinja template (autoescaped)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateNotFound
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..errors import ConfigError, TemplateError
from ..paths import outside_link
from ..tree import (
    Article,
    Blank,
    Block,
    Definition,
    Document,
    Emph,
    Heading,
    Inline,
    Label,
    LineBreak,
    ListBlock,
    Paragraph,
    Reference,
    SignatureBlock,
    Strong,
    Table,
    TermUse,
    Text,
)
from .long_words import mark_long_words

LABELS = {
    "en": {
        "draft": "DRAFT",
        "contents": "Contents",
        "page": "Page",
        "of": "of",
        "between": "between",
        "declared_by": "declared by",
        "dated": "Dated",
        "schedule": "Schedule",
        "notice": "Draft for discussion. This document was generated from structured data and must be "
        "reviewed by a qualified lawyer before anyone signs it.",
        "notice_final": "This document was generated from structured data, from clause texts approved for use. "
        "A qualified lawyer must check that it fits the parties' situation before anyone signs it.",
        "advice": "Whether a Purpose Agent is in law self-employed or an employee, and how their pay is taxed, "
        "depends on how the relationship works in practice: take employment and tax advice before signing.",
        "notice_statuten": "Draft for discussion, generated from structured data. The articles of association of "
        "a Dutch B.V. take effect only by notarial deed (of incorporation or of amendment); a Dutch civil-law "
        "notary must review this draft first.",
        "notice_statuten_final": "Generated from structured data. The articles of association of a Dutch B.V. "
        "take effect only by notarial deed (of incorporation or of amendment); a Dutch civil-law notary must "
        "review this text first.",
        "notice_articles": "Draft for discussion, generated from structured data. Articles of association take "
        "effect on incorporation or when the company adopts them by special resolution, and are filed with the "
        "registrar of companies; a solicitor must review this draft first.",
        "notice_articles_final": "Generated from structured data. Articles of association take effect on "
        "incorporation or when the company adopts them by special resolution, and are filed with the registrar "
        "of companies; a solicitor must review this text first.",
        "signed": "Signature",
        "name": "Name",
        "capacity": "Capacity",
        "date_place": "Date and place",
        "on_behalf_of": "for and on behalf of",
        "witness": "in the presence of",
        "witness_lines": ("Witness signature", "Witness name", "Witness address"),
        "page_ref": "on page",
        "prevails": "This document is in {languages}. In case of any difference between the texts, the {prevailing} text prevails.",
        "translation": "Unofficial {language} translation – the {prevailing} text prevails",
        "language_names": {"en": "English", "nl": "Dutch"},
        "language_adjectives": {"en": "English", "nl": "Dutch"},
        "companies_act": "Companies Act 2006",
        "company_type": {
            "ltd": "Private company limited by shares",
            "cic": "Community interest company limited by shares",
        },
        "company_number": "Company number",
        "articles_of": "of",
        "adopted": "Adopted by special resolution passed on",
    },
    "nl": {
        "draft": "CONCEPT",
        "contents": "Inhoud",
        "page": "Pagina",
        "of": "van",
        "between": "tussen",
        "declared_by": "verklaard door",
        "dated": "Datum",
        "schedule": "Bijlage",
        "notice": "Concept ter bespreking. Dit document is gegenereerd uit gestructureerde gegevens en moet "
        "worden beoordeeld door een deskundige jurist voordat iemand het ondertekent.",
        "notice_final": "Dit document is gegenereerd uit gestructureerde gegevens, met voor gebruik goedgekeurde "
        "teksten. Een deskundige jurist moet nagaan of het past bij de situatie van partijen voordat iemand het "
        "ondertekent.",
        "advice": "Of een Purpose Agent als werknemer of als zelfstandige moet worden aangemerkt, en hoe de "
        "vergoeding wordt belast, hangt af van de feitelijke uitvoering van de verhouding. Vóór ondertekening dient "
        "arbeidsrechtelijk en fiscaal advies te worden ingewonnen.",
        "notice_statuten": "Concept ter bespreking, gegenereerd uit gestructureerde gegevens. Statuten van een "
        "besloten vennootschap komen alleen tot stand bij notariële akte (akte van oprichting of akte van "
        "statutenwijziging); een notaris moet dit concept eerst beoordelen.",
        "notice_statuten_final": "Gegenereerd uit gestructureerde gegevens. Statuten van een besloten "
        "vennootschap komen alleen tot stand bij notariële akte (akte van oprichting of akte van "
        "statutenwijziging); een notaris moet deze tekst eerst beoordelen.",
        "notice_articles": "Concept ter bespreking, gegenereerd uit gestructureerde gegevens. De articles of "
        "association van een Engelse vennootschap werken vanaf de oprichting of vanaf het bijzonder besluit "
        "(special resolution) waarbij de vennootschap ze aanneemt, en worden neergelegd bij de registrar of "
        "companies; een Engelse advocaat (solicitor) moet dit concept eerst beoordelen.",
        "notice_articles_final": "Gegenereerd uit gestructureerde gegevens. De articles of association van een "
        "Engelse vennootschap werken vanaf de oprichting of vanaf het bijzonder besluit (special resolution) "
        "waarbij de vennootschap ze aanneemt, en worden neergelegd bij de registrar of companies; een Engelse "
        "advocaat (solicitor) moet deze tekst eerst beoordelen.",
        "signed": "Handtekening",
        "name": "Naam",
        "capacity": "Hoedanigheid",
        "date_place": "Datum en plaats",
        "on_behalf_of": "namens",
        "witness": "in aanwezigheid van",
        "witness_lines": ("Handtekening getuige", "Naam getuige", "Adres getuige"),
        "page_ref": "op pagina",
        "prevails": "Dit document is opgesteld in het {languages}. Bij verschil tussen de teksten is de {prevailing} tekst beslissend.",
        "translation": "Niet-officiële {language} vertaling – de {prevailing} tekst is beslissend",
        "language_names": {"en": "Engels", "nl": "Nederlands"},
        "language_adjectives": {"en": "Engelse", "nl": "Nederlandse"},
        "companies_act": "Companies Act 2006",
        "company_type": {
            "ltd": "Besloten vennootschap met aandelen (private company limited by shares)",
            "cic": "Community interest company met aandelen",
        },
        "company_number": "Inschrijvingsnummer",
        "articles_of": "van",
        "adopted": "Aangenomen bij bijzonder besluit (special resolution) van",
    },
}

HTML_LANG = {"en": "en-GB", "nl": "nl-NL"}

# Values printed from the data, in a draft that highlights them: a faint underline on paper, a
# tint on screen, the data path on hover (the title attribute). It comes before the print
# stylesheet, so a project's print.css can restyle ``.data``.
HIGHLIGHT_CSS = """\
.data { text-decoration: underline; text-decoration-color: #9fb4d8; text-decoration-thickness: 0.4pt; text-underline-offset: 1.6pt; }
@media screen { .data { text-decoration: none; background: #edf2fb; border-bottom: 1px dotted #7d98c6; cursor: help; } }"""


_WORD = re.compile(r"\S+")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.\w+")


def _addresses(text: str) -> list[tuple[int, int]]:
    """Where e-mail addresses and URLs are in ``text``, found in one pass over its words
    (a pattern searched over the whole text backtracks quadratically on a long field)."""
    found = []
    for word in _WORD.finditer(text):
        w = word.group()
        starts = [i for i in (w.find("http://"), w.find("https://")) if i >= 0]
        if starts:
            found.append((word.start() + min(starts), word.end()))
            continue
        if "@" in w:
            email = _EMAIL.match(w)  # anchored at the word's start: one attempt, linear
            if email:
                found.append((word.start(), word.start() + email.end()))
    return found


def _unhyphenated(text: str) -> Markup:
    """Escape ``text``; keep email addresses and URLs from being hyphenated."""
    out, pos = [], 0
    for start, end in _addresses(text):
        out.append(escape(text[pos:start]))
        out.append(Markup('<span class="nobreak">{}</span>').format(text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def marked(text: str, path: str | None, write: Any = escape) -> Markup:
    """``text`` (escaped, or written by ``write``), marked with the data path it came from
    when the data is highlighted."""
    if not path:
        return Markup(write(text))
    return Markup('<span class="data" title="{}">{}</span>').format(path, write(text))


def term_anchor(term: str) -> str:
    """A stable, ASCII anchor for a defined term: 'Zoë's Exit Date' -> 'term-zoes-exit-date'."""
    ascii_ = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().lower()
    return "term-" + (re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-") or "x")


class BlockWriter:
    """Writes tree nodes as HTML; every text goes through ``escape``.

    ``prefix`` keeps anchors apart when two languages share one page (side by side).
    """

    def __init__(self, doc: Document, labels: dict[str, Any], prefix: str = ""):
        self.doc = doc
        self.labels = labels
        self.prefix = prefix

    def anchor(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def blocks(self, blocks: list[Block]) -> Markup:
        return Markup("").join(self.block(b) for b in blocks)

    def block(self, block: Block) -> Markup:
        if isinstance(block, Paragraph):
            return Markup("<p>{}</p>\n").format(self.inlines(block.children))
        if isinstance(block, Heading):
            return Markup('<h4 class="subheading">{}</h4>\n').format(self.inlines(block.children))
        if isinstance(block, ListBlock):
            return self.list_block(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, SignatureBlock):
            return self.signature(block)
        raise TypeError(f"unknown block {block!r}")

    def list_block(self, block: ListBlock) -> Markup:
        tag = "ol" if block.ordered else "ul"
        items = []
        for item in block.items:
            anchor = Markup(' id="{}"').format(self.anchor(item.anchor)) if item.anchor else Markup("")
            number = Markup('<span class="num">{}</span>').format(item.number) if item.number else Markup("")
            items.append(
                Markup('<li{}>{}<div class="item">{}</div></li>\n').format(anchor, number, self.blocks(item.blocks))
            )
        return Markup('<{} class="depth-{}">\n{}</{}>\n').format(
            Markup(tag), block.depth, Markup("").join(items), Markup(tag)
        )

    def table(self, table: Table) -> Markup:
        head = Markup("").join(Markup("<th>{}</th>").format(self.inlines(c)) for c in table.header)
        rows = Markup("").join(
            Markup("<tr>{}</tr>\n").format(Markup("").join(Markup("<td>{}</td>").format(self.inlines(c)) for c in row))
            for row in table.rows
        )
        return Markup("<table>\n<thead><tr>{}</tr></thead>\n<tbody>\n{}</tbody>\n</table>\n").format(head, rows)

    def signature(self, sig: SignatureBlock) -> Markup:
        lab = self.labels
        paths = sig.data_paths
        behalf = (
            Markup('<p class="behalf">{} {}</p>').format(
                lab["on_behalf_of"], marked(sig.on_behalf_of, paths.get("on_behalf_of"))
            )
            if sig.on_behalf_of
            else Markup("")
        )
        capacity = (
            Markup('<p class="capacity">{}</p>').format(marked(sig.capacity, paths.get("capacity")))
            if sig.capacity
            else Markup("")
        )
        signer = (
            Markup('<p class="signer">{}</p>').format(marked(sig.name, paths.get("name")))
            if sig.name
            else Markup('<p class="sign-label">{}: ______________________</p>').format(lab["name"])
        )
        witness = Markup("")
        if sig.witness:
            lines = Markup("").join(
                Markup('<p class="sign-label">{}: ______________________</p>').format(line)
                for line in lab["witness_lines"]
            )
            witness = Markup('<p class="witness">{}:</p>{}').format(lab["witness"], lines)
        return Markup(
            '<div class="signature"><div class="sign-line"></div><p class="sign-label">{}</p>'
            '{}{}{}<p class="sign-label">{}: ______________________</p>{}</div>\n'
        ).format(lab["signed"], signer, capacity, behalf, lab["date_place"], witness)

    def inlines(self, nodes: list[Inline]) -> Markup:
        out = []
        lead = ""  # a space moved into the link that follows it
        for n, node in enumerate(nodes):
            following = nodes[n + 1] if n + 1 < len(nodes) else None
            if isinstance(node, Text) and node.text.endswith(" ") and isinstance(following, (TermUse, Reference)):
                # WeasyPrint breaks a line badly at a space just before an inline link; inside it, it does not
                out.append(self.inline(Text(node.text[:-1], node.data_path)))
                lead = " "
                continue
            out.append(self.inline(node, lead))
            lead = ""
        return Markup("").join(out)

    def inline(self, node: Inline, lead: str = "") -> Markup:
        if isinstance(node, Text):
            return marked(node.text, node.data_path, _unhyphenated)
        if isinstance(node, Emph):
            return Markup("<em>{}</em>").format(self.inlines(node.children))
        if isinstance(node, Strong):
            return Markup("<strong>{}</strong>").format(self.inlines(node.children))
        if isinstance(node, LineBreak):
            return Markup("<br>")
        if isinstance(node, TermUse):
            return Markup('<a class="term" href="#{}">{}{}</a>').format(
                self.anchor(term_anchor(node.term)), lead, node.text or node.term
            )
        if isinstance(node, Definition):
            return Markup('<dfn id="{}">{}</dfn>').format(self.anchor(term_anchor(node.term)), node.text or node.term)
        if isinstance(node, Reference):
            return Markup('<a class="ref" href="#{}">{}{}</a>').format(
                self.anchor(node.target), lead, node.label or node.target
            )
        if isinstance(node, Blank):
            return Markup('<span class="blank">[{}]</span>').format(node.path)
        if isinstance(node, Label):
            return Markup("")
        raise TypeError(f"unknown inline {node!r}")


_asked: list[str] | None = None  # while templates_asked(): the template names looked up


@contextmanager
def templates_asked() -> Iterator[list[str]]:
    """Note every template name looked up (found or not) until the block ends, ``!base/`` ones
    with their prefix: the cache resolves them on the search path again in the next build."""
    global _asked
    outer, _asked = _asked, []
    try:
        yield _asked
    finally:
        _asked = outer


class _FolderLoader(FileSystemLoader):
    """Loads templates from its folders, and only files that resolve inside ``roots``."""

    def __init__(self, folders: list[Path], roots: list[Path], prefix: str = ""):
        super().__init__([str(d) for d in folders])
        self.roots = roots
        self.prefix = prefix

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        if _asked is not None:
            _asked.append(self.prefix + template)
        source, filename, uptodate = super().get_source(environment, template)
        problem = outside_link(Path(filename), self.roots)
        if problem is not None:
            raise ConfigError(problems=[problem])
        return source, filename, uptodate


def environment(template_dirs: list[Path], allowed: list[Path] | None = None) -> SandboxedEnvironment:
    """Templates: the project's folders first, then the built-in one (the last).

    ``{% extends "!base/association-agreement/document.html.j2" %}`` reaches the built-in
    template that a project's own template of the same name overrides. Files are read only
    from inside ``allowed`` (default: the template folders) after following symlinks.
    """
    roots = allowed if allowed is not None else template_dirs
    loader = ChoiceLoader(
        [
            _FolderLoader(template_dirs, roots),
            PrefixLoader({"!base": _FolderLoader([template_dirs[-1]], roots, "!base/")}, delimiter="/"),
        ]
    )
    return SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


ADVICE = (
    "association-agreement",
    "purpose-agent-agreement",
)  # kinds whose title page says employment and tax advice is needed


def render_html(
    docs: list[Document],
    template_dirs: list[Path],
    *,
    created: str,
    inline_css: str | None = None,
    final: bool = False,
    allowed: list[Path] | None = None,
    highlight: bool = False,
) -> str:
    """One document (or two languages side by side, the first prevailing) as one HTML page.

    ``inline_css`` embeds the stylesheet (for .html output); otherwise it is linked.
    Templates are read only from inside ``allowed`` (default: ``template_dirs``).
    ``highlight`` adds the style of the values marked as data (``Text.data_path``); the
    templates mark the title page's values with ``data(value, key)``.
    """
    doc = docs[0]
    labels = LABELS.get(doc.lang, LABELS["en"])
    writers = [BlockWriter(d, LABELS.get(d.lang, LABELS["en"]), f"{d.lang}:" if len(docs) > 1 else "") for d in docs]
    names = (
        [f"{doc.kind}/document.html.j2"] if len(docs) == 1 else [f"{doc.kind}/bilingual.html.j2", "bilingual.html.j2"]
    )
    env = environment(template_dirs, allowed)
    try:
        template = env.select_template(names)
        return mark_long_words(
            template.render(
                doc=doc,
                docs=docs,
                lang=HTML_LANG.get(doc.lang, doc.lang),
                html_lang=HTML_LANG,
                labels=labels,
                all_labels=[LABELS.get(d.lang, LABELS["en"]) for d in docs],
                created=created,
                final=final,
                advice=doc.kind in ADVICE,
                inline_css=Markup(inline_css) if inline_css else None,
                highlight_css=Markup(HIGHLIGHT_CSS) if highlight else None,
                data=lambda value, key: marked(str(value), doc.data_paths.get(key)),
                body=writers[0].blocks,
                inlines=writers[0].inlines,
                writers=writers,
                articles=lambda part: [a for a in doc.articles if a.part == part],
                pairs=lambda part: _pairs(docs, part),
                prevails=_prevails(docs),
                translation=translation_label(doc) if len(docs) == 1 and doc.translation else "",
            )
        )
    except TemplateNotFound as exc:
        raise TemplateError(name=names[0], line=0, message=f"template not found: {exc.name}") from None
    except JinjaTemplateError as exc:
        line = getattr(exc, "lineno", None) or _line_in(exc, names[0])
        raise TemplateError(name=getattr(exc, "name", None) or names[0], line=line, message=str(exc)) from None


def translation_label(doc: Document) -> str:
    """'Unofficial English translation – the Dutch text prevails', for a translated document."""
    lab = LABELS.get(doc.lang, LABELS["en"])
    adjectives: dict[str, str] = lab["language_adjectives"]  # type: ignore[assignment]
    return str(lab["translation"]).format(
        language=adjectives.get(doc.lang, doc.lang), prevailing=adjectives.get(doc.prevails, doc.prevails)
    )


def _prevails(docs: list[Document]) -> list[str]:
    """The statement, in every language of the page, that the first language prevails."""
    out = []
    for d in docs:
        lab = LABELS.get(d.lang, LABELS["en"])
        names: dict[str, str] = lab["language_names"]  # type: ignore[assignment]
        langs = [names.get(x.lang, x.lang) for x in docs]
        joined = " en het ".join(langs) if d.lang == "nl" else " and ".join(langs)
        first = docs[0].prevails if docs[0].prevails in {x.lang for x in docs} else docs[0].lang
        adjectives: dict[str, str] = lab["language_adjectives"]  # type: ignore[assignment]
        prevailing = adjectives.get(first, first)
        out.append(str(lab["prevails"]).format(languages=joined, prevailing=prevailing))
    return out


def _pairs(docs: list[Document], part: str) -> list[list[Article | None]]:
    """Articles of every language side by side, matched by id, in the first language's order."""
    by_lang = [{a.id: a for a in d.articles if a.part == part} for d in docs]
    order = list(dict.fromkeys(a.id for d in docs for a in d.articles if a.part == part))
    return [[m.get(i) for m in by_lang] for i in order]


def _line_in(exc: BaseException, name: str) -> int:
    tb, line = exc.__traceback__, 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


__all__ = ["render_html", "term_anchor"]
