"""A redline -> HTML (and, through render/pdf.py, PDF): a cover page that sums up, then the text.

Inserted words are underlined, deleted ones struck through, both in colour and both legible
in black and white; an added, removed or moved clause also says so in words.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateError as JinjaTemplateError
from markupsafe import Markup

from ..diff import ArticleChange, Redline, RowChange, Segment, UnitChange
from ..errors import TemplateError
from ..numbering import ref_targets
from ..paragraphs import Para, Signature, TableRows
from ..tree import Blank, Definition, Document, Emph, Inline, LineBreak, Reference, Strong, TermUse, Text
from .html import HTML_LANG, LABELS, environment
from .long_words import mark_long_words

REDLINE_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "redline": "Redline",
        "old": "Old",
        "new": "New",
        "summary": "Summary",
        "added": "clauses added",
        "removed": "clauses removed",
        "changed": "clauses changed",
        "moved": "clauses moved",
        "data": "data fields changed",
        "data_heading": "Changed data",
        "field": "Field",
        "was": "Was",
        "now": "Now",
        "none": "No differences: the two versions read the same.",
        "legend": "Inserted text is underlined, deleted text struck through; moved clauses say where they came from.",
        "role_added": "Added",
        "role_removed": "Removed",
        "role_changed": "Changed",
        "role_moved": "Moved from {where}",
        "role_moved-away": "Moved to {where}",
        "clauses_heading": "Clauses",
        "empty": "(none)",
    },
    "nl": {
        "redline": "Wijzigingen",
        "old": "Oud",
        "new": "Nieuw",
        "summary": "Samenvatting",
        "added": "artikelen toegevoegd",
        "removed": "artikelen verwijderd",
        "changed": "artikelen gewijzigd",
        "moved": "artikelen verplaatst",
        "data": "gegevens gewijzigd",
        "data_heading": "Gewijzigde gegevens",
        "field": "Veld",
        "was": "Was",
        "now": "Nu",
        "none": "Geen verschillen: de twee versies luiden gelijk.",
        "legend": "Toegevoegde tekst is onderstreept, geschrapte tekst doorgehaald; bij verplaatste artikelen "
        "staat waar zij vandaan komen.",
        "role_added": "Toegevoegd",
        "role_removed": "Verwijderd",
        "role_changed": "Gewijzigd",
        "role_moved": "Verplaatst van {where}",
        "role_moved-away": "Verplaatst naar {where}",
        "clauses_heading": "Artikelen",
        "empty": "(geen)",
    },
}


def redline_labels(doc: Document) -> dict[str, str]:
    return REDLINE_LABELS.get(doc.lang, REDLINE_LABELS["en"])


def role_note(change: ArticleChange, rl: Redline) -> str:
    """ "Added", "Moved from clause 3", ...: what happened to an article, in words."""
    lab = redline_labels(rl.new)
    if change.role == "moved":
        assert change.old is not None
        return lab["role_moved"].format(where=ref_targets(rl.old)[change.old.id])
    if change.role == "moved-away":
        assert change.new is not None
        return lab["role_moved-away"].format(where=ref_targets(rl.new)[change.new.id])
    return lab.get(f"role_{change.role}", "")


def heading_number(art_doc: Document, unit: Para, part: str) -> str:
    if part == "schedule" and unit.number:
        return f"{LABELS.get(art_doc.lang, LABELS['en'])['schedule']} {unit.number}"
    return unit.number


class RedlineWriter:
    """The text of a redline as HTML, paragraph by paragraph."""

    def __init__(self, redline: Redline):
        self.rl = redline

    def inlines(self, nodes: list[Inline]) -> Markup:
        return Markup("").join(self.inline(n) for n in nodes)

    def inline(self, node: Inline) -> Markup:
        if isinstance(node, Text):
            return Markup("{}").format(node.text)
        if isinstance(node, Emph):
            return Markup("<em>{}</em>").format(self.inlines(node.children))
        if isinstance(node, Strong):
            return Markup("<strong>{}</strong>").format(self.inlines(node.children))
        if isinstance(node, LineBreak):
            return Markup("<br>")
        if isinstance(node, TermUse):
            return Markup("{}").format(node.text or node.term)
        if isinstance(node, Definition):
            return Markup("<dfn>{}</dfn>").format(node.text or node.term)
        if isinstance(node, Reference):
            return Markup('<span class="ref">{}</span>').format(node.label or node.target)
        if isinstance(node, Blank):
            return Markup('<span class="blank">[{}]</span>').format(node.path)
        return Markup("")

    def segments(self, segments: list[Segment]) -> Markup:
        tags = {"insert": "ins", "delete": "del"}
        out = []
        for seg in segments:
            inner = self.inlines(seg.inlines)
            tag = tags.get(seg.op)
            out.append(Markup("<{0}>{1}</{0}>").format(Markup(tag), inner) if tag else inner)
        return Markup("").join(out)

    def unit(self, change: UnitChange, art: ArticleChange) -> Markup:
        unit = change.new if change.op != "delete" else change.old
        doc = self.rl.new if change.op != "delete" else self.rl.old
        cls = Markup(' class="{}"').format(change.op) if change.op != "equal" else Markup("")
        if isinstance(unit, Para):
            number = heading_number(doc, unit, art.article.part) if unit.kind == "heading" else unit.number
            num = Markup('<span class="num">{}</span>').format(number) if number else Markup("")
            if change.op in ("insert", "delete"):  # the number goes in or out with the text
                tag = Markup("ins" if change.op == "insert" else "del")
                text = Markup("<{0}>{1}{2}</{0}>").format(tag, num, self.inlines(unit.inlines))
            else:
                words = self.segments(change.segments) if change.op == "change" else self.inlines(unit.inlines)
                text = num + words
            if unit.kind == "heading":
                return Markup("<h2{}>{}</h2>\n").format(cls, text)
            if unit.kind == "subheading":
                return Markup("<h4{}>{}</h4>\n").format(cls, text)
            op = "" if change.op == "equal" else f" {change.op}"
            return Markup('<p class="{}">{}</p>\n').format(f"{unit.kind} level-{unit.level}{op}", text)
        if isinstance(unit, TableRows):
            return self.table(change, unit)
        if isinstance(unit, Signature):
            sig = unit.block
            lines = [sig.name, sig.capacity, sig.on_behalf_of]
            inner = Markup("").join(Markup("<p>{}</p>").format(x) for x in lines if x)
            if change.op in ("insert", "delete"):
                inner = Markup("<{0}>{1}</{0}>").format(Markup("ins" if change.op == "insert" else "del"), inner)
            op = "" if change.op == "equal" else f" {change.op}"
            return Markup('<div class="signature{}">{}</div>\n').format(op, inner)
        return Markup("")

    def table(self, change: UnitChange, unit: TableRows) -> Markup:
        if change.op == "change":
            rows = change.rows
        else:
            op = change.op  # the whole table is equal, inserted or deleted
            rows = [RowChange(op, unit.header, unit.header, header=True)] if unit.header else []
            rows += [RowChange(op, r, r) for r in unit.rows]
        body = []
        for row in rows:
            tag = Markup("th" if row.header else "td")
            if row.op == "change":
                parts = [self.segments(segs) for segs in row.cells]
            else:
                cells = (row.old if row.op == "delete" else row.new) or []
                parts = [self._cell(row.op, c) for c in cells]
            inner = Markup("").join(Markup("<{0}>{1}</{0}>").format(tag, p) for p in parts)
            row_class = Markup(' class="{}"').format(row.op) if row.op != "equal" else Markup("")
            body.append(Markup("<tr{}>{}</tr>\n").format(row_class, inner))
        return Markup("<table>\n{}</table>\n").format(Markup("").join(body))

    def _cell(self, op: str, cell: list[Inline]) -> Markup:
        inner = self.inlines(cell)
        if op == "insert":
            return Markup("<ins>{}</ins>").format(inner)
        if op == "delete":
            return Markup("<del>{}</del>").format(inner)
        return inner

    def article(self, change: ArticleChange) -> Markup:
        note = role_note(change, self.rl)
        head = Markup('<p class="change-note">{}</p>\n').format(note) if note else Markup("")
        units = change.units[:1] if change.role == "moved-away" else change.units
        body = Markup("").join(self.unit(u, change) for u in units)
        part = change.article.part
        return Markup('<section class="{} {}">\n{}{}</section>\n').format(part, change.role, head, body)

    def body(self) -> Markup:
        return Markup("").join(self.article(a) for a in self.rl.articles)


def clause_list(rl: Redline) -> list[dict[str, str]]:
    """The clauses the cover page names: every one that is not unchanged."""
    out = []
    for change in rl.articles:
        if change.role in ("unchanged", "moved-away"):  # a moved clause is named where it is now
            continue
        art = change.article
        doc = rl.old if change.role in ("removed", "moved-away") else rl.new
        number = heading_number(doc, Para("heading", [], number=art.heading), art.part)
        out.append({"number": number, "title": art.title, "role": change.role, "note": role_note(change, rl)})
    return out


def render_redline_html(
    redline: Redline, template_dirs: list[Path], *, created: str, inline_css: str | None = None
) -> str:
    """The redline as one HTML page; ``inline_css`` embeds the stylesheet (for .html output)."""
    doc = redline.new
    env = environment(template_dirs)
    name = "redline.html.j2"
    try:
        html = env.get_template(name).render(
            rl=redline,
            doc=doc,
            lang=HTML_LANG.get(doc.lang, doc.lang),
            labels=LABELS.get(doc.lang, LABELS["en"]),
            rlabels=redline_labels(doc),
            counts=redline.counts(),
            clauses=clause_list(redline),
            body=RedlineWriter(redline).body(),
            created=created,
            inline_css=Markup(inline_css) if inline_css else None,
        )
    except JinjaTemplateError as exc:
        raise TemplateError(name=getattr(exc, "name", None) or name, line=getattr(exc, "lineno", 0) or 0,
                            message=str(exc)) from None  # fmt: skip
    return mark_long_words(html)
