"""The Word document's named styles, settings, fonts and page, like the print stylesheet.

Every paragraph the writer makes has a named style (headings, clause levels, definitions,
schedules, the title page), so a lawyer restyles the whole document by changing one style.
The font is named Charis SIL, the font the PDFs embed (subset and renamed Agreements Serif,
as its licence asks of a modified copy), which anyone can install for free from SIL; Word
falls back to a serif font where it is absent. The document language drives Word's
spelling and hyphenation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from .docx_numbering import indent, twips
from .docx_xml import el

FONT = "Charis SIL"
WORD_LANG = {"en": "en-GB", "nl": "nl-NL"}
RED, GREY = "BB0000", "555555"

_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True)
class Style:
    name: str
    based_on: str | None = "Normal"
    size: float = 0  # pt; 0: inherit
    bold: bool = False
    italic: bool = False
    color: str = ""
    align: str = ""
    before: float = -1  # pt; -1: inherit
    after: float = -1
    left: int = -1  # twips
    hanging: int = 0
    right: int = -1
    keep_next: bool = False
    page_break: bool = False
    outline: int = -1  # outline level: what the table of contents lists
    box: bool = False  # a border all round (the DRAFT mark, the review notice)
    rule_below: bool = False
    letter_spacing: float = 0  # pt
    small_caps: bool = False
    next: str = ""
    kind: str = "paragraph"


def paragraph_styles(base: float) -> list[Style]:
    """Every paragraph and character style; ``base`` is the body text size in points."""
    small = round(base * 0.86 * 2) / 2
    styles = [
        Style("Title", size=26 if base > 10 else 20, bold=True, align="center", after=17, letter_spacing=0.5),
        Style("Subtitle", size=15, align="center", after=30),
        Style("Parties Intro", italic=True, align="center", after=11),
        Style("Translation Label", italic=True, align="center", after=23),
        Style("Act", align="center", after=6, small_caps=True, letter_spacing=0.5),
        Style("Company Type", align="center", after=28, small_caps=True, letter_spacing=0.5),
        Style("Company Number", align="center", after=17),
        Style("Adopted", italic=True, align="center", before=11, after=45),
        Style("Party", align="center", after=4),
        Style("Document Date", align="center", before=28, after=40),
        Style("Draft Mark", bold=True, color=RED, align="center", box=True, after=34, letter_spacing=3,
              left=draft_mark_indent("DRAFT"), right=draft_mark_indent("DRAFT")),
        Style("Review Notice", size=small, color="770000", align="left", box=True, left=twips(12), right=twips(12)),
        Style("Prevailing Language", size=small, italic=True, align="center", left=twips(10), right=twips(10)),
        Style("TOC Heading", size=14, bold=True, align="left", after=17, page_break=True, keep_next=True),
        Style("toc 1", align="left", after=3, left=twips(13), hanging=twips(13)),
        Style("Heading 1", size=12, bold=True, align="left", before=20, after=8, keep_next=True, outline=0,
              next="Clause 1"),
        Style("Front Heading", size=12, bold=True, align="left", before=20, after=8, keep_next=True),
        Style("Signatures Heading", "Heading 1", page_break=True, next="Body Text"),
        Style("Schedule Heading", "Heading 1", page_break=True, next="Body Text"),
        Style("Subheading", bold=True, align="left", before=11, after=6, keep_next=True),
        Style("Body Text"),
        Style("Definition", left=indent(1)[0]),
        Style("Table Text", size=small, align="left", after=0),
        Style("Table Heading", "Table Text", bold=True, keep_next=True),
        Style("Signature Line", before=45, after=3, rule_below=True),
        Style("Signature Label", size=small, align="left", after=2),
        Style("Signer", bold=True, align="left", after=2),
        Style("Header", size=8.5, italic=True, color=GREY, align="left", after=0),
        Style("Footer", size=8.5, color=GREY, align="center", after=0),
    ]  # fmt: skip
    for depth in (1, 2, 3):
        suffix = "" if depth == 1 else f" {depth}"
        styles.append(Style(f"Clause {depth}", after=6, next=f"Clause {depth}"))
        styles.append(Style(f"Clause Text {depth}", left=indent(depth)[0]))
        styles.append(Style(f"List Bullet{suffix}", after=3))
    styles += [
        Style("Defined Term", None, bold=True, kind="character"),
        Style("Blank", None, kind="character"),
    ]
    return styles


def install_styles(word: WordDocument, lang: str, base: float, ragged: bool = False) -> None:
    """Replace the template's styles with ours; Charis SIL and the language by default.

    ``ragged``: text set flush left (narrow columns side by side), else justified.
    """
    root = word.styles.element
    for node in root.findall(el("w:style").tag) + root.findall(el("w:latentStyles").tag):
        root.remove(node)
    defaults = root.find(el("w:docDefaults").tag)
    if defaults is not None:
        root.remove(defaults)
    fonts = el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
    run_defaults = el("w:rPr", fonts, el("w:sz", val=round(base * 2)), el("w:lang", val=WORD_LANG.get(lang, lang)))
    # Charis SIL's own line is 1.64 em high; the print stylesheet sets 1.42 em
    para_defaults = el("w:pPr", el("w:spacing", after=round(6.8 * 20), line=208, lineRule="auto"))
    root.insert(0, el("w:docDefaults", el("w:rPrDefault", run_defaults), el("w:pPrDefault", para_defaults)))

    normal = word.styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    normal.element.set(qn("w:default"), "1")
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT if ragged else WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = True
    specs = paragraph_styles(base)
    for spec in specs:
        _add(word, spec)
    for spec in specs:  # the style that follows a heading when Enter is pressed after it
        if spec.next:
            word.styles[spec.name].next_paragraph_style = word.styles[spec.next]
    table = word.styles.add_style("Schedule Table", WD_STYLE_TYPE.TABLE)
    table.base_style = None
    borders = el("w:tblBorders", el("w:bottom", val="single", sz=4, space=0, color="999999"),
                 el("w:insideH", val="single", sz=4, space=0, color="999999"))  # fmt: skip
    margins = el("w:tblCellMar", el("w:left", w=twips(2), type="dxa"), el("w:right", w=twips(2), type="dxa"))
    table.element.append(el("w:tblPr", borders, margins))


# Word's own styles (so it lists them as such); the others are this engine's
WORD_BUILT_IN = {"Title", "Subtitle", "Heading 1", "TOC Heading", "toc 1", "Body Text", "List Bullet", "List Bullet 2",
                 "List Bullet 3", "Header", "Footer"}  # fmt: skip

# Word's own ids for built-in styles whose names differ from their ids
_STYLE_IDS = {
    "toc 1": "TOC1",
    "Header": "Header",
    "Footer": "Footer",
}


def _add(word: WordDocument, spec: Style) -> None:
    kind = WD_STYLE_TYPE.CHARACTER if spec.kind == "character" else WD_STYLE_TYPE.PARAGRAPH
    style = word.styles.add_style(spec.name, kind, builtin=spec.name in WORD_BUILT_IN)
    style.quick_style = True
    if spec.name in _STYLE_IDS:
        style.style_id = _STYLE_IDS[spec.name]
    if spec.based_on:
        style.base_style = word.styles[spec.based_on]
    font = style.font
    if spec.size:
        font.size = Pt(spec.size)
    if spec.bold:
        font.bold = True
    if spec.italic:
        font.italic = True
    if spec.small_caps:
        font.small_caps = True
    if spec.color:
        font.color.rgb = RGBColor.from_string(spec.color)
    if spec.name == "Blank":
        _add_in_order(style.element.get_or_add_rPr(), el("w:highlight", val="yellow"), _RPR_ORDER)
    if spec.letter_spacing:
        _add_in_order(style.element.get_or_add_rPr(), el("w:spacing", val=round(spec.letter_spacing * 20)), _RPR_ORDER)
    if kind == WD_STYLE_TYPE.CHARACTER:
        return
    fmt = style.paragraph_format
    if spec.align:
        fmt.alignment = _ALIGN[spec.align]
    if spec.before >= 0:
        fmt.space_before = Pt(spec.before)
    if spec.after >= 0:
        fmt.space_after = Pt(spec.after)
    if spec.left >= 0:
        fmt.left_indent = spec.left * 635  # twips -> EMU
    if spec.right >= 0:
        fmt.right_indent = spec.right * 635
    if spec.hanging:
        fmt.first_line_indent = -spec.hanging * 635
    if spec.keep_next:
        fmt.keep_with_next = True
    if spec.page_break:
        fmt.page_break_before = True
    ppr = style.element.get_or_add_pPr()
    if spec.box or spec.rule_below:
        # two notices in a row are two boxes: a rule between them, as between their texts
        sides = ("top", "left", "bottom", "right", "between") if spec.box else ("bottom",)
        color = RED if spec.box else "111111"
        ppr.append(el("w:pBdr", *(el(f"w:{s}", val="single", sz=8, space=6, color=color) for s in sides)))
    if spec.name == "toc 1":
        ppr.append(el("w:tabs", el("w:tab", val="right", leader="dot", pos=text_width())))
    if spec.name == "Header":
        ppr.append(el("w:tabs", el("w:tab", val="right", pos=text_width())))
    if spec.outline >= 0:
        ppr.append(el("w:outlineLvl", val=spec.outline))
    _order_ppr(ppr)


# the order CT_PPr prescribes for the paragraph properties this package sets
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "tabs",
              "spacing", "ind", "jc", "outlineLvl", "rPr"]  # fmt: skip


# ... and CT_RPr for the run properties
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "color", "spacing",
              "sz", "szCs", "highlight", "u", "lang"]  # fmt: skip


def _order_ppr(ppr: Any) -> None:
    _sort(ppr, _PPR_ORDER)


def _sort(parent: Any, order: list[str]) -> None:
    def rank(child: Any) -> int:
        name = etree.QName(child).localname
        return order.index(name) if name in order else len(order)

    for child in sorted(parent, key=rank):
        parent.append(child)


def _add_in_order(parent: Any, child: Any, order: list[str]) -> None:
    parent.append(child)
    _sort(parent, order)


def set_property(paragraph: Any, prop: Any) -> None:
    """Add (or replace) one property of a paragraph, in the schema's order."""
    ppr = paragraph.find(qn("w:pPr"))
    for old in ppr.findall(prop.tag):
        ppr.remove(old)
    ppr.append(prop)
    _order_ppr(ppr)


# --- page, settings, fonts, properties ---------------------------------------------------

PAGE = {"width": 210, "height": 297, "top": 24, "right": 22, "bottom": 24, "left": 24}


def text_width() -> int:
    return twips(PAGE["width"] - PAGE["left"] - PAGE["right"])


def draft_mark_indent(mark: str) -> int:
    """Each side's indent of the boxed draft mark, in twips: Word draws a paragraph's box across
    its indents, so the box is as wide as the mark needs (about 4 mm a letter at its letter
    spacing, and room on both sides; "CONCEPT / DRAFT" side by side), 44 mm at least."""
    width = max(twips(44), twips(4 * len(mark) + 8))
    return max(0, (text_width() - width) // 2)


def set_up_page(word: WordDocument) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = section.footer_distance = Mm(12)
    section.different_first_page_header_footer = True


def write_settings(word: WordDocument, lang: str, *, update_fields: bool, track_revisions: bool = False) -> None:
    """Hyphenation on, the document's language, and (with a contents field) a prompt to update it."""
    root = word.settings.element
    for child in list(root):
        root.remove(child)
    nl = lang == "nl"
    children = [
        el("w:zoom", percent=100),
        el("w:trackRevisions") if track_revisions else None,
        el("w:defaultTabStop", val=709),
        el("w:autoHyphenation"),
        el("w:characterSpacingControl", val="doNotCompress"),
        el("w:updateFields", val="true") if update_fields else None,
        el("w:compat",
           el("w:compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15)),
        el("w:themeFontLang", val=WORD_LANG.get(lang, lang)),
        el("w:decimalSymbol", val="," if nl else "."),
        el("w:listSeparator", val=";" if nl else ","),
    ]  # fmt: skip
    for child in children:
        if child is not None:
            root.append(child)


FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f'<w:font w:name="{FONT}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)

APP_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>agreements</Application></Properties>"
)


def tidy_package(word: WordDocument) -> None:
    """Drop the template's leftovers (thumbnail, custom XML, Word 2010 styles) and name our font."""
    part = word.part
    package = part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            package.rels.pop(rId)
    for rId, rel in list(part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, RT.FONT_TABLE) or rel.reltype.endswith("/stylesWithEffects"):
            part.rels.pop(rId)
    ct = "application/vnd.openxmlformats-officedocument"
    fonts = Part(PackURI("/word/fontTable.xml"), f"{ct}.wordprocessingml.fontTable+xml", FONT_TABLE.encode(), package)
    part.relate_to(fonts, RT.FONT_TABLE)
    app = Part(PackURI("/docProps/app.xml"), f"{ct}.extended-properties+xml", APP_PROPERTIES.encode(), package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


def set_properties(word: WordDocument, *, title: str, author: str, lang: str, date: dt.date) -> None:
    """Core properties; the dates are the data's effective date, never the clock."""
    props = word.core_properties
    stamp = dt.datetime.combine(date, dt.time())
    props.title, props.author, props.language = title, author, WORD_LANG.get(lang, lang)
    props.created = props.modified = stamp
    props.last_modified_by, props.comments, props.revision = author, "", 1
