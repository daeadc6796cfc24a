"""The title page of a Word document: what the HTML templates put on theirs, kind by kind.

It follows templates/base.html.j2 and bilingual.html.j2 and each kind's override of them:
an agreement names its parties and says that employment and tax advice is needed; the
Adoption Declaration names who declares; statuten name the company and carry no date (the
deed gives it); English articles carry the heading Companies House expects. A translation
says so; side by side, both texts say which one prevails. The words come from the same
labels as the HTML's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..tree import Document
from .docx_xml import RunStyle, el, text_run
from .html import ADVICE, LABELS, _prevails, translation_label

NOTICES = {"statutes": "notice_statuten", "articles": "notice_articles"}
BLANK = "____________________"


def labels(doc: Document) -> dict[str, Any]:
    return LABELS.get(doc.lang, LABELS["en"])


def notice_key(kind: str, final: bool) -> str:
    key = NOTICES.get(kind, "notice")
    return f"{key}_final" if final else key


@dataclass
class Line:
    """One title-page paragraph: its style and its text, a text per language side by side."""

    style: str
    texts: list[tuple[str, Document]]
    bold: bool = False


def cover_lines(docs: list[Document], final: bool) -> list[Line]:
    doc, kind = docs[0], docs[0].kind
    labs = [labels(d) for d in docs]
    out: list[Line] = []
    if not final:
        out.append(Line("Draft Mark", [(" / ".join(lab["draft"] for lab in labs), doc)]))
    if len(docs) == 1 and doc.translation:
        out.append(Line("Translation Label", [(translation_label(doc), doc)]))
    if kind == "articles":
        return out + _articles(docs, labs, final)
    out += [Line("Title", [(d.title, d)]) for d in docs]
    out.append(Line("Subtitle", [(doc.enterprise, doc)]))
    if kind == "statutes":
        out.append(Line("Parties Intro", [(doc.company, doc)]))
    else:
        key = "declared_by" if kind == "adoption-declaration" else "between"
        out.append(Line("Parties Intro", [(" / ".join(lab[key] for lab in labs), doc)]))
        lead = kind != "adoption-declaration"  # the first party (the Company) stands out; ratifiers do not
        out += [Line("Party", [(p, doc)], bold=lead and k == 0) for k, p in enumerate(doc.parties)]
        out.append(Line("Document Date", [(f"{lab['dated']}: {d.date}", d) for d, lab in zip(docs, labs, strict=True)]))
    return out + _closing(docs, labs, final)


def _articles(docs: list[Document], labs: list[dict[str, Any]], final: bool) -> list[Line]:
    """English articles: the Companies Act heading, the company, the resolution that adopts them."""
    doc = docs[0]
    kinds = [(lab["company_type"].get(doc.company_form, ""), d) for d, lab in zip(docs, labs, strict=True)]
    number = [(f"{lab['company_number']} {doc.company_number}", d) for d, lab in zip(docs, labs, strict=True)]
    out: list[Line] = []
    if len(docs) == 1:
        out += [Line("Act", [(labs[0]["companies_act"], doc)]), Line("Company Type", kinds)]
        out += [Line("Title", [(doc.title, doc)]), Line("Parties Intro", [(labs[0]["articles_of"], doc)])]
        out.append(Line("Subtitle", [(doc.company, doc)]))
    else:
        out += [Line("Title", [(d.title, d)]) for d in docs]
        out.append(Line("Subtitle", [(doc.company, doc)]))
    if doc.company_number:
        out.append(Line("Company Number", [(" / ".join(t for t, _ in number), doc)]))
    if len(docs) > 1:
        out += [Line("Act", [(labs[0]["companies_act"], doc)]), Line("Company Type", kinds)]
    adopted = [(f"{lab['adopted']} {BLANK}", d) for d, lab in zip(docs, labs, strict=True)]
    return out + [Line("Adopted", adopted)] + _closing(docs, labs, final)


def _closing(docs: list[Document], labs: list[dict[str, Any]], final: bool) -> list[Line]:
    """Which text prevails (side by side), then in every language the review notice and, for an
    agreement, that employment and tax advice is needed."""
    kind = docs[0].kind
    out: list[Line] = []
    if len(docs) > 1:
        out += [Line("Prevailing Language", [(line, d)]) for d, line in zip(docs, _prevails(docs), strict=True)]
    for d, lab in zip(docs, labs, strict=True):
        out.append(Line("Review Notice", [(lab[notice_key(kind, final)], d)]))
        if kind in ADVICE:
            out.append(Line("Review Notice", [(lab["advice"], d)]))
    return out


def cover_content(line: Line, run_style: Any) -> list[Any]:
    """A line's runs: its texts in their languages, one under the other."""
    out: list[Any] = []
    for text, doc in line.texts:
        if out:
            out.append(el("w:r", el("w:br")))
        rs: RunStyle = run_style(doc)
        out.append(text_run(text, rs.with_(bold=True) if line.bold else rs))
    return out


def running_title(docs: list[Document]) -> str:
    """The header's text: the title(s), the enterprise, and for a translation that it is one."""
    title = " / ".join(d.title for d in docs) + f" \u2013 {docs[0].enterprise}"
    if len(docs) == 1 and docs[0].translation:
        title += f" \u00b7 {translation_label(docs[0])}"
    return title
