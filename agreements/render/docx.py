"""Document tree -> .docx (python-docx), never through HTML.

The Word document carries what the PDF carries, in Word's own idiom: a title page (parties,
date, DRAFT mark, review notice), a contents field, articles numbered by a real multi-level
list, cross-references as REF fields to bookmarks, schedules, signature blocks as tables
that do not split, a header with the title and a footer "Page X of Y" of PAGE and NUMPAGES
fields. Side by side, each article is a row of a two-column table. The same input gives the
same bytes: the package's dates come from the data.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import docx
from docx.oxml.ns import qn

from ..paragraphs import Chain, Para, Signature, TableRows, Unit, article_units, plain_text, targets
from ..tree import (
    Article,
    Blank,
    Definition,
    Document,
    Emph,
    Inline,
    Label,
    LineBreak,
    Part,
    Reference,
    SignatureBlock,
    Strong,
    TermUse,
    Text,
)
from .docx_cover import cover_content, cover_lines, labels, running_title
from .docx_numbering import Lists, heading_indent, indent, reference_content, twips
from .docx_styles import (
    RED,
    WORD_LANG,
    draft_mark_indent,
    install_styles,
    set_properties,
    set_property,
    set_up_page,
    text_width,
    tidy_package,
    write_settings,
)
from .docx_xml import (
    Ids,
    Revision,
    RunStyle,
    bookmark,
    bookmark_name,
    el,
    field_runs,
    hyperlink,
    mark_content,
    reproducible_zip,
    tab_run,
    text_run,
)

PARTS: tuple[Part, ...] = ("front", "article", "signatures", "schedule")
HEADING_STYLES = {
    "article": "Heading 1",
    "front": "Front Heading",
    "signatures": "Signatures Heading",
    "schedule": "Schedule Heading",
}


class DocxWriter:
    """Builds one Word document from one document tree, or two side by side.

    ``revision`` is set for a redline: content can then be marked inserted or deleted, and
    the old version's tree is registered beside the new one, its anchors named by content so
    that both versions of a clause share one bookmark (see :meth:`register`).
    """

    def __init__(self, docs: list[Document], *, revision: Revision | None = None, contents: bool = True):
        self.docs = docs
        self.doc = docs[0]
        self.word = docx.Document()
        bilingual = len(docs) > 1
        tidy_package(self.word)
        install_styles(self.word, self.doc.lang, 9 if bilingual else 10.5, ragged=bilingual)
        set_up_page(self.word)
        write_settings(self.word, self.doc.lang, update_fields=contents, track_revisions=revision is not None)
        self.lists = Lists(self.word.part.numbering_part.element)
        self.revision = revision
        self.ids = revision.ids if revision else Ids()
        self.body = self.word.element.body
        self.chains: dict[int, dict[str, Chain]] = {}
        self.keys: dict[int, Callable[[str], str]] = {}
        for d in docs:
            self.register(d)
        self.used: set[str] = set()
        self.style_ids = {s.name: s.style_id for s in self.word.styles}

    # --- names ---------------------------------------------------------------------------

    def register(self, doc: Document, keys: Callable[[str], str] | None = None) -> None:
        """A document whose references this writer resolves; ``keys`` names its bookmarks."""
        self.chains[id(doc)] = targets(doc.articles)
        self.keys[id(doc)] = keys or (lambda anchor: anchor)

    def bookmark(self, doc: Document, anchor: str) -> str:
        key = self.keys[id(doc)](anchor)
        return bookmark_name(f"{doc.lang}:{key}" if len(self.docs) > 1 else key)

    def run_style(self, doc: Document) -> RunStyle:
        return RunStyle(lang=WORD_LANG.get(doc.lang, doc.lang)) if doc.lang != self.doc.lang else RunStyle()

    # --- inline content ------------------------------------------------------------------

    def inlines(self, doc: Document, nodes: list[Inline], rs: RunStyle | None = None) -> list[Any]:
        rs = rs if rs is not None else self.run_style(doc)
        out: list[Any] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(text_run(node.text, rs))
            elif isinstance(node, Emph):
                out += self.inlines(doc, node.children, rs.with_(italic=True))
            elif isinstance(node, Strong):
                out += self.inlines(doc, node.children, rs.with_(bold=True))
            elif isinstance(node, LineBreak):
                out.append(el("w:r", el("w:br")))
            elif isinstance(node, TermUse):
                out.append(text_run(node.text or node.term, rs))
            elif isinstance(node, Definition):
                out += [text_run("\u201c", rs), text_run(node.text or node.term, rs.with_(style="DefinedTerm"))]
                out.append(text_run("\u201d", rs))
            elif isinstance(node, Reference):
                chain = self.chains[id(doc)].get(node.target)
                out += reference_content(node, chain, doc, lambda a: self.bookmark(doc, a), rs)
            elif isinstance(node, Blank):
                out.append(text_run(f"[{node.path}]", rs.with_(style="Blank")))
            elif not isinstance(node, Label):
                raise TypeError(f"unknown inline {node!r}")
        return out

    # --- paragraphs ----------------------------------------------------------------------

    def paragraph(
        self,
        style: str,
        content: list[Any],
        *,
        num: tuple[int, int] | None = None,
        ind: tuple[int, int] | None = None,
        bookmarks: tuple[str, ...] = (),
        mark: str | None = None,
        page_break: bool | None = None,
    ) -> Any:
        """One ``w:p``: its style, list level, direct indent, bookmarks and tracked change."""
        ppr = el("w:pPr", el("w:pStyle", val=self.style_ids[style]))
        if page_break is not None:
            ppr.append(el("w:pageBreakBefore", val=int(page_break)))
        if num:
            ppr.append(el("w:numPr", el("w:ilvl", val=num[1]), el("w:numId", val=num[0])))
        if ind:
            ppr.append(el("w:ind", left=ind[0], hanging=ind[1]))
        if mark and self.revision:
            ppr.append(el("w:rPr", self.revision.paragraph_mark(mark)))
            content = mark_content(content, mark, self.revision)
        p = el("w:p", ppr)
        ends = []
        for name in bookmarks:
            if name not in self.used:
                self.used.add(name)
                start, end = bookmark(self.ids, name)
                p.append(start)
                ends.append(end)
        for node in content:
            p.append(node)
        for end in reversed(ends):
            p.append(end)
        return p

    def unit_paragraph(
        self,
        doc: Document,
        art: Article,
        unit: Para,
        content: list[Any] | None = None,
        mark: str | None = None,
        extra: tuple[str, ...] = (),
        in_table: bool = False,
    ) -> Any:
        """A paragraph of an article in its named style and, when numbered, its list level."""
        runs = self.inlines(doc, unit.inlines) if content is None else content
        marks = ((self.bookmark(doc, unit.anchor),) if unit.anchor else ()) + extra
        level, ind = min(unit.level, 3), None
        if unit.kind == "heading":
            kind = art.part
            num = (self.lists.num_id(doc, kind), 0)
            return self.paragraph(HEADING_STYLES[kind], runs, num=num, bookmarks=marks, mark=mark,
                                  page_break=False if in_table else None)  # fmt: skip
        if unit.level > 3:
            ind = indent(unit.level)
        if unit.kind == "item":
            num = (self.lists.num_id(doc, art.part), unit.level)
            return self.paragraph(f"Clause {level}", runs, num=num, bookmarks=marks, mark=mark)
        if unit.kind == "bullet":
            num = (self.lists.num_id(doc, "bullet"), unit.level - 1)
            style = "List Bullet" if level == 1 else f"List Bullet {level}"
            return self.paragraph(style, runs, num=num, bookmarks=marks, mark=mark)
        if unit.kind == "definition":
            return self.paragraph("Definition", runs, ind=ind, bookmarks=marks, mark=mark)
        if unit.kind == "text":
            return self.paragraph(f"Clause Text {level}", runs, ind=ind and (ind[0], 0), bookmarks=marks, mark=mark)
        style = "Subheading" if unit.kind == "subheading" else "Body Text"
        return self.paragraph(style, runs, bookmarks=marks, mark=mark)

    def ragged(self, art: Article, paragraph: Any) -> Any:
        """The parties' names and addresses read better ragged than stretched."""
        if art.part == "front" and len(self.docs) == 1:
            set_property(paragraph, el("w:jc", val="left"))
        return paragraph

    # --- tables --------------------------------------------------------------------------

    def table(self, widths: list[int], rows: list[tuple[list[list[Any]], dict[str, Any]]], style: str = "") -> Any:
        """``rows``: (cells, row options); a cell is a list of paragraphs or tables.

        Row options: ``header`` (repeat on every page), ``keep`` (do not split the row),
        ``mark`` (the row is inserted or deleted). A row may have fewer cells than columns.
        """
        look = el("w:tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0, noHBand=0, noVBand=1)
        tblpr = el("w:tblPr", el("w:tblStyle", val=self.style_ids[style]) if style else None,
                   el("w:tblW", w=sum(widths), type="dxa"), el("w:tblLayout", type="fixed"), look)  # fmt: skip
        grid = el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths))
        tbl = el("w:tbl", tblpr, grid)
        for cells, options in rows:
            trpr = el("w:trPr")
            if options.get("keep"):
                trpr.append(el("w:cantSplit"))
            if options.get("header"):
                trpr.append(el("w:tblHeader"))
            mark = options.get("mark")
            if mark and self.revision:
                trpr.append(self.revision.paragraph_mark(mark))
            if len(cells) < len(widths):  # a short last row: no empty cells, the grid ends early
                trpr.insert(0, el("w:gridAfter", val=len(widths) - len(cells)))
            tr = el("w:tr", trpr)
            for width, content in zip(widths, cells, strict=False):
                tc = el("w:tc", el("w:tcPr", el("w:tcW", w=width, type="dxa")))
                content = list(content) or [self.paragraph("Table Text", [], mark=mark)]
                if content[-1].tag == qn("w:tbl"):  # a cell ends with a paragraph
                    content.append(self.paragraph("Table Text", []))
                for node in content:
                    tc.append(node)
                tr.append(tc)
            tbl.append(tr)
        return tbl

    def schedule_table(self, doc: Document, unit: TableRows, width: int) -> Any:
        """A table of the text, its header row repeated on every page, no row split."""
        columns = max([len(unit.header)] + [len(r) for r in unit.rows]) or 1
        rows: list[tuple[list[list[Any]], dict[str, Any]]] = []
        for r, row in enumerate([unit.header, *unit.rows]):
            if r == 0 and not unit.header:
                continue
            style = "Table Heading" if r == 0 else "Table Text"
            padded = list(row) + [[]] * (columns - len(row))
            rows.append(
                ([[self.paragraph(style, self.inlines(doc, c))] for c in padded], {"header": r == 0, "keep": True})
            )
        return self.table(column_widths([unit.header, *unit.rows], columns, width), rows, "Schedule Table")

    def signature_cell(self, doc: Document, sig: SignatureBlock, mark: str | None = None) -> list[Any]:
        lab, rs = labels(doc), self.run_style(doc)
        blank = "______________________"
        lines: list[tuple[str, str]] = [("Signature Line", ""), ("Signature Label", lab["signed"])]
        lines.append(("Signer", sig.name) if sig.name else ("Signature Label", f"{lab['name']}: {blank}"))
        if sig.capacity:
            lines.append(("Signature Label", sig.capacity))
        if sig.on_behalf_of:
            lines.append(("Signature Label", f"{lab['on_behalf_of']} {sig.on_behalf_of}"))
        lines.append(("Signature Label", f"{lab['date_place']}: {blank}"))
        if sig.witness:  # a deed signed by an individual: in the presence of a witness
            lines += [("Signature Label", f"{lab['witness']}:")]
            lines += [("Signature Label", f"{line}: {blank}") for line in lab["witness_lines"]]
        return [self.paragraph(style, [text_run(text, rs)] if text else [], mark=mark) for style, text in lines]

    def signatures(self, doc: Document, sigs: list[SignatureBlock], width: int, columns: int = 2) -> Any:
        """Signature blocks side by side in a borderless table; a row never splits."""
        columns = min(columns, len(sigs)) or 1
        rows = []
        for k in range(0, len(sigs), columns):
            cells = [self.signature_cell(doc, s) for s in sigs[k : k + columns]]
            rows.append((cells, {"keep": True}))
        return self.table([width // columns] * columns, rows)

    # --- articles ------------------------------------------------------------------------

    def article(self, doc: Document, art: Article, width: int, in_table: bool = False) -> list[Any]:
        out: list[Any] = []
        units: list[Unit] = article_units(art)
        k = 0
        while k < len(units):
            unit = units[k]
            if isinstance(unit, Para):
                out.append(self.ragged(art, self.unit_paragraph(doc, art, unit, in_table=in_table)))
            elif isinstance(unit, TableRows):
                out.append(self.schedule_table(doc, unit, width))
            elif isinstance(unit, Signature):
                group = [unit.block]
                while k + 1 < len(units) and isinstance(units[k + 1], Signature):
                    k += 1
                    group.append(units[k].block)  # type: ignore[union-attr]
                out.append(self.signatures(doc, group, width, 1 if in_table else 2))
            k += 1
        return self.space_after_tables(out)

    @staticmethod
    def space_after_tables(nodes: list[Any]) -> list[Any]:
        """A paragraph that follows a table keeps its distance from it."""
        for before, after in zip(nodes, nodes[1:], strict=False):
            if before.tag == qn("w:tbl") and after.tag == qn("w:p"):
                set_property(after, el("w:spacing", before=twips(3)))
        return nodes

    def append(self, nodes: list[Any]) -> None:
        section = self.body.find(qn("w:sectPr"))
        for node in nodes:
            section.addprevious(node)

    # --- the pages around the text -------------------------------------------------------

    def header_footer(self, title: str, draft: str | None) -> None:
        section = self.word.sections[0]
        head = section.header.paragraphs[0]
        head.style = self.word.styles["Header"]
        head._p.append(text_run(title))
        if draft:
            head._p.append(tab_run())
            head._p.append(text_run(draft, RunStyle(bold=True, italic=False, color=RED)))
        foot = section.footer.paragraphs[0]
        foot.style = self.word.styles["Footer"]
        lab = labels(self.doc)
        for node in [text_run(f"{lab['page']} "), *field_runs("PAGE", "1"), text_run(f" {lab['of']} "),
                     *field_runs("NUMPAGES", "1")]:  # fmt: skip
            foot._p.append(node)

    def title_page(self, final: bool) -> list[Any]:
        """The title page, as the document kind's HTML template lays out its own."""
        lines = cover_lines(self.docs, final)
        out = [self.paragraph(line.style, cover_content(line, self.run_style)) for line in lines]
        set_property(out[0], el("w:spacing", before=twips(30)))
        for line, p in zip(lines, out, strict=True):
            if line.style == "Draft Mark":
                side = draft_mark_indent(line.texts[0][0])
                set_property(p, el("w:ind", left=side, right=side))
        return out

    def contents(self) -> list[Any]:
        """A TOC field over the article, signature and schedule headings.

        Its cached entries list every heading with its number (as LibreOffice shows them); Word
        offers to update the field on opening, which adds the page numbers.
        """
        doc, lab = self.doc, labels(self.doc)
        out = [self.paragraph("TOC Heading", [text_run(lab["contents"])])]
        entries = [a for a in doc.articles if a.part != "front"]
        for k, art in enumerate(entries):
            number = f"{lab['schedule']} {art.number}" if art.part == "schedule" else art.heading
            width = twips(24) if art.part == "schedule" else heading_indent(doc) + twips(2)
            link = hyperlink(self.bookmark(doc, art.anchor), [text_run(number), tab_run(), text_run(art.title)])
            content = [link]
            if k == 0:
                content = field_runs('TOC \\o "1-1" \\h \\z \\u', "")[:3] + content
            if k == len(entries) - 1:
                content.append(el("w:r", el("w:fldChar", fldCharType="end")))
            out.append(self.paragraph("toc 1", content, ind=(width, width)))
        return out

    def body_single(self) -> list[Any]:
        doc, out = self.doc, []
        for part in PARTS:
            for art in doc.part(part):
                out += self.article(doc, art, text_width())
        return out

    def body_side_by_side(self) -> list[Any]:
        """One table row per article, each language in its column; signatures and each
        schedule start a new page."""
        out: list[Any] = []
        width = text_width() // 2
        rows: list[tuple[list[list[Any]], dict[str, Any]]] = []

        def flush(page_break: bool) -> None:
            if rows:
                out.append(self.table([width] * 2, list(rows)))
                rows.clear()
            if page_break and out:
                out.append(self.paragraph("Body Text", [el("w:r", el("w:br", type="page"))]))

        for part in PARTS:
            by_lang = [{a.id: a for a in d.part(part)} for d in self.docs]
            for art_id in dict.fromkeys(a.id for d in self.docs for a in d.part(part)):
                if part in ("signatures", "schedule"):
                    flush(True)
                cells = []
                for d, found in zip(self.docs, by_lang, strict=True):
                    art = found.get(art_id)
                    cells.append(self.article(d, art, width - twips(4), in_table=True) if art else [])
                rows.append((cells, {}))
        flush(False)
        return out

    def save(self, date: dt.date, title: str) -> bytes:
        set_properties(self.word, title=title, author=self.doc.company, lang=self.doc.lang, date=date)
        buffer = io.BytesIO()
        self.word.save(buffer)
        return reproducible_zip(buffer.getvalue(), (max(date.year, 1980), date.month, date.day, 0, 0, 0))


def column_widths(rows: list[list[list[Inline]]], columns: int, width: int) -> list[int]:
    """Columns as wide as their text asks, within reason: no word is broken, no column starves."""
    weights = [4.0] * columns
    for row in rows:
        for k, cell in enumerate(row):
            text = plain_text(cell)
            longest = max((len(w) for w in text.split()), default=0)
            weights[k] = max(weights[k], min(len(text), 28.0), longest + 2.0)
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    widths[-1] += width - sum(widths)
    return widths


def render_docx(docs: list[Document], *, date: dt.date, final: bool = False) -> bytes:
    """One document (or two languages side by side, the first prevailing) as .docx bytes."""
    writer = DocxWriter(docs, contents=len(docs) == 1)
    title = running_title(docs)
    draft = None if final else " / ".join(labels(d)["draft"] for d in docs)
    writer.header_footer(title, draft)
    nodes = writer.title_page(final)
    if len(docs) == 1:
        nodes += writer.contents()
        body = writer.body_single()
    else:
        body = writer.body_side_by_side()
    if body and body[0].tag == qn("w:p"):
        set_property(body[0], el("w:pageBreakBefore"))
    else:
        nodes.append(writer.paragraph("Body Text", [el("w:r", el("w:br", type="page"))]))
    if body and body[-1].tag == qn("w:tbl"):  # the text ends with a paragraph
        body.append(writer.paragraph("Body Text", []))
    writer.append(nodes + body)
    return writer.save(date, title)
