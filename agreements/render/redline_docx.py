"""A redline -> .docx with real tracked changes, which a lawyer accepts or rejects one by one.

Inserted text is ``w:ins`` and deleted text ``w:del``, with the author and date given (from
the data, never the clock). Numbers are Word's list numbers and references REF fields, so
accepting every change gives the new version and rejecting every change the old one, numbers
included. A moved clause is deleted where it was and inserted where it is, and the cover page
says where it came from. Neither Word's move marks (``w:moveFrom``, ``w:moveTo``) nor a
comment on the moved clause is used: with either, LibreOffice (7.4) leaves a stray numbered
paragraph behind when it accepts or rejects the changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.oxml.ns import qn

from ..diff import ArticleChange, Redline, RowChange, Segment, UnitChange, identities
from ..paragraphs import Para, Signature, TableRows, Unit
from ..tree import Article, Document, Inline
from .docx import DocxWriter, column_widths
from .docx_cover import running_title
from .docx_styles import set_property, text_width
from .docx_xml import Revision, el, mark_content, tab_run, text_run
from .redline_html import clause_list, redline_labels

TableRow = tuple[list[list[Any]], dict[str, Any]]  # cells, row options (see DocxWriter.table)

DOCX_NOTE = {
    "en": "The changes are tracked: accept or reject each one in the word processor's review tools.",
    "nl": "De wijzigingen zijn bijgehouden: aanvaard of verwerp ze één voor één met de revisiefuncties "
    "van de tekstverwerker.",
}


class RedlineDocx:
    def __init__(self, rl: Redline, author: str, stamp: str):
        self.rl = rl
        self.w = DocxWriter([rl.new], revision=Revision(author, stamp), contents=False)
        self.w.register(rl.new, identities(rl.new))
        self.w.register(rl.old, identities(rl.old))
        self.rev = self.w.revision

    def runs(self, doc: Document, inlines: list[Inline], mark: str | None = None) -> list[Any]:
        content = self.w.inlines(doc, inlines)
        return mark_content(content, mark, self.rev) if mark and self.rev else content

    def segments(self, segments: list[Segment], moved: bool) -> list[Any]:
        """A changed paragraph's words; on a moved clause's new place deletions are left out
        (they stand where it was)."""
        out: list[Any] = []
        for seg in segments:
            if seg.op == "equal":
                out += self.runs(self.rl.new, seg.inlines)
            elif seg.op == "insert":
                out += self.runs(self.rl.new, seg.inlines, "ins")
            elif not moved:
                out += self.runs(self.rl.old, seg.inlines, "del")
        return out

    # --- one article ---------------------------------------------------------------------

    def article(self, change: ArticleChange) -> list[Any]:
        """An article's paragraphs; a moved one is deleted where it was and inserted where it is."""
        force = {"moved": "ins", "moved-away": "del"}.get(change.role)
        out: list[Any] = []
        k = 0
        units = change.units
        while k < len(units):
            if isinstance(units[k].new or units[k].old, Signature):
                group = [units[k]]
                while k + 1 < len(units) and isinstance(units[k + 1].new or units[k + 1].old, Signature):
                    k += 1
                    group.append(units[k])
                out += self.signatures(group, force)
            else:
                out += self.unit(units[k], change, force)
            k += 1
        return self.w.space_after_tables(out)

    def unit(self, change: UnitChange, art: ArticleChange, force: str | None) -> list[Any]:
        new_art, old_art = art.new, art.old
        moved = force == "ins"  # a moved clause's new place: what it lost stands where it was
        if change.op == "delete" and moved:
            return []
        if change.op == "delete":
            assert old_art is not None and change.old is not None
            return [self.element(self.rl.old, old_art, change.old, mark="del")]
        assert new_art is not None and change.new is not None
        if change.op == "insert":
            return [self.element(self.rl.new, new_art, change.new, mark="ins")]
        if change.op == "equal":
            return [self.element(self.rl.new, new_art, change.new, mark=force)]
        old, new = change.old, change.new
        if isinstance(new, Para) and isinstance(old, Para):
            extra = (self.w.bookmark(self.rl.old, old.anchor),) if old.anchor else ()
            content = self.segments(change.segments, moved)
            return [self.w.ragged(new_art, self.w.unit_paragraph(self.rl.new, new_art, new, content, force, extra))]
        if isinstance(new, TableRows):
            return [self.table(change.rows, new, force)]
        # a signature block that changed: the old one out, the new one in
        assert old is not None and old_art is not None
        out = [] if moved else [self.element(self.rl.old, old_art, old, mark="del")]
        return out + [self.element(self.rl.new, new_art, new, mark="ins")]

    def element(self, doc: Document, art: Article, unit: Unit, mark: str | None) -> Any:
        if isinstance(unit, Para):
            return self.w.ragged(art, self.w.unit_paragraph(doc, art, unit, mark=mark))
        if isinstance(unit, TableRows):
            op: Any = {"ins": "insert", "del": "delete"}.get(mark or "", "equal")
            rows = [RowChange(op, unit.header, unit.header, header=True)] if unit.header else []
            rows += [RowChange(op, r, r) for r in unit.rows]
            return self.table(rows, unit, None, doc)
        assert isinstance(unit, Signature)
        return self.w.table([text_width() // 2], [([self.w.signature_cell(doc, unit.block, mark)], {"keep": True})])

    def table(self, rows: list[RowChange], shape: TableRows, force: str | None, doc: Document | None = None) -> Any:
        """A table row by row: kept, inserted, deleted, or changed cell by cell."""
        moved = force == "ins"
        built = []
        marks = {"insert": "ins", "delete": "del"}
        for row in rows:
            if row.op == "delete" and moved:
                continue
            style = "Table Heading" if row.header else "Table Text"
            if row.op == "change":
                cells = [[self.w.paragraph(style, self.segments(segs, moved), mark=force)] for segs in row.cells]
                mark = force
            else:
                source = doc or (self.rl.old if row.op == "delete" else self.rl.new)
                mark = marks[row.op] if row.op in marks else force
                values = (row.old if row.op == "delete" else row.new) or []
                cells = [[self.w.paragraph(style, self.runs(source, c), mark=mark)] for c in values]
            built.append((cells, {"header": row.header, "keep": True, "mark": mark}))
        columns = max((len(c) for c, _ in built), default=1)
        for cells, _ in built:
            cells += [[]] * (columns - len(cells))
        widths = column_widths([shape.header, *shape.rows], columns, text_width())
        return self.w.table(widths, built, "Schedule Table")

    def signatures(self, group: list[UnitChange], force: str | None) -> list[Any]:
        """Signature blocks as the document lays them out when none changed; else one to a row,
        so that each can be inserted or deleted on its own."""
        if force is None and all(c.op == "equal" for c in group):
            blocks = [c.new.block for c in group if isinstance(c.new, Signature)]
            return [self.w.signatures(self.rl.new, blocks, text_width())]
        rows = []
        for change in group:
            if change.op == "delete" and force == "ins":
                continue
            old_side = change.op == "delete"
            unit = change.old if old_side else change.new
            assert isinstance(unit, Signature)
            mark = {"insert": "ins", "delete": "del", "change": "ins"}.get(change.op, force)
            doc = self.rl.old if old_side else self.rl.new
            if change.op == "change" and force != "ins" and isinstance(change.old, Signature):
                rows.append(
                    ([self.w.signature_cell(self.rl.old, change.old.block, "del")], {"keep": True, "mark": "del"})
                )
            rows.append(([self.w.signature_cell(doc, unit.block, mark)], {"keep": True, "mark": mark}))
        return [self.w.table([text_width() // 2], rows)] if rows else []

    # --- the cover page ------------------------------------------------------------------

    def cover(self) -> list[Any]:
        rl, w = self.rl, self.w
        rlab = redline_labels(rl.new)
        out = [
            w.paragraph("Subtitle", [text_run(rlab["redline"])]),
            w.paragraph("Title", [text_run(rl.new.title)]),
            w.paragraph("Subtitle", [text_run(rl.new.enterprise)]),
        ]
        half = text_width() // 2

        def cell(text: str, style: str = "Table Text") -> list[Any]:
            return [w.paragraph(style, [text_run(text)])]

        versions: list[TableRow] = [
            ([cell(rlab["old"], "Table Heading"), cell(rl.old_label), cell(rl.old.date)], {}),
            ([cell(rlab["new"], "Table Heading"), cell(rl.new_label), cell(rl.new.date)], {}),
        ]
        out.append(w.table([half // 3, half, half * 2 // 3], versions, "Schedule Table"))
        out.append(w.paragraph("Front Heading", [text_run(rlab["summary"])]))
        if not rl.differs:
            out.append(w.paragraph("Body Text", [text_run(rlab["none"])]))
        counts = rl.counts()
        rows: list[TableRow] = [
            ([cell(str(counts[k])), cell(rlab[k])], {}) for k in ("added", "removed", "changed", "moved", "data")
        ]
        out.append(w.table([half // 3, half], rows, "Schedule Table"))
        clauses = clause_list(rl)
        if clauses:
            out.append(w.paragraph("Front Heading", [text_run(rlab["clauses_heading"])]))
            for c in clauses:
                content = [text_run(c["number"]), tab_run(), text_run(f"{c['title']}: {c['note']}")]
                out.append(w.paragraph("Body Text", content, ind=(1361, 1361)))
        if rl.data:
            out.append(w.paragraph("Front Heading", [text_run(rlab["data_heading"])]))
            head = [cell(rlab["field"], "Table Heading"), cell(rlab["was"], "Table Heading"),
                    cell(rlab["now"], "Table Heading")]  # fmt: skip
            data = [(head, {"header": True})]
            data += [([cell(d.path), cell(d.old or rlab["empty"]), cell(d.new or rlab["empty"])], {}) for d in rl.data]
            out.append(w.table([half, half // 2, half // 2], data, "Schedule Table"))
        out.append(w.paragraph("Body Text", [text_run(DOCX_NOTE.get(rl.new.lang, DOCX_NOTE["en"]))]))
        return w.space_after_tables(out)


def render_redline_docx(rl: Redline, *, author: str, when: dt.datetime) -> bytes:
    """The redline as .docx bytes; ``when`` dates every tracked change (and the package)."""
    writer = RedlineDocx(rl, author, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    title = f"{redline_labels(rl.new)['redline']}: {running_title([rl.new])}"
    writer.w.header_footer(title, None)
    body: list[Any] = []
    for change in rl.articles:
        body += writer.article(change)
    first = next((n for n in body if n.tag == qn("w:p")), None)
    if first is not None:
        set_property(first, el("w:pageBreakBefore"))
    if body and body[-1].tag == qn("w:tbl"):
        body.append(writer.w.paragraph("Body Text", []))
    writer.w.append(writer.cover() + body)
    return writer.w.save(when.date(), title)
