"""Reading a generated PDF back (pypdf, with fontTools for glyph widths): is it tagged, does it name its
language and title, is every page A4, and does every line of text stay inside the page?

A line's right edge is measured, not guessed: its start comes from the text matrix pypdf reports,
its width from the advance widths of the embedded font's glyphs (WeasyPrint embeds a TrueType
subset with its cmap), scaled by the font size and the text and transformation matrices."""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

from fontTools.ttLib import TTFont
from pypdf import PdfReader

A4 = (595.28, 841.89)  # points
MM = 72 / 25.4         # points in a millimetre
TOLERANCE = 1.0        # points: rounding in the writer and the reader


@dataclass
class Check:
    lang: str | None
    title: str | None
    tagged: bool
    display_doc_title: bool
    pages: int
    page_sizes: set = field(default_factory=set)
    structure: dict = field(default_factory=dict)   # structure element type -> count
    lines: int = 0
    outside: list = field(default_factory=list)     # (page, x0, x1, y, text) of text off the page box

    def report(self) -> str:
        tags = ", ".join(f"{k}={v}" for k, v in sorted(self.structure.items()) if k in (
            "Document", "H1", "H2", "H3", "Table", "THead", "TBody", "TR", "TH", "TD", "L", "LI", "P"))
        sizes = ", ".join(f"{w:.1f}x{h:.1f}" for w, h in sorted(self.page_sizes))
        return (f"/Lang {self.lang}; title {self.title!r}; StructTreeRoot {'present' if self.tagged else 'MISSING'}; "
                f"MarkInfo/Marked and DisplayDocTitle {'yes' if self.display_doc_title else 'no'}; "
                f"{self.pages} pages, MediaBox {sizes} pt; structure: {tags}; "
                f"{self.lines} text lines measured, {len(self.outside)} outside the page box")


def _widths(font_dict, cache: dict):
    """unicode character -> advance in text space units (1/1000 of the font size), or None."""
    key = id(font_dict)
    if key in cache:
        return cache[key]
    measure = None
    try:
        descendant = font_dict["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font_dict else font_dict
        data = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        font = TTFont(io.BytesIO(data))
        cmap, hmtx, upem = font["cmap"].getBestCmap(), font["hmtx"], font["head"].unitsPerEm

        def measure(text: str) -> float:
            return sum(hmtx[cmap[ord(c)]][0] if ord(c) in cmap else upem for c in text) * 1000 / upem
    except Exception:  # an unknown font kind: counted as unmeasured, which the caller treats as a failure
        measure = None
    cache[key] = measure
    return measure


def _structure(node, counts: dict, seen: set) -> None:
    node = node.get_object()
    if not hasattr(node, "get") or id(node) in seen:
        return
    seen.add(id(node))
    kind = node.get("/S")
    if kind:
        counts[str(kind).lstrip("/")] = counts.get(str(kind).lstrip("/"), 0) + 1
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object"):
            _structure(kid, counts, seen)


def check_pdf(data: bytes | PdfReader, side_margin_mm: float = 0) -> Check:
    """`side_margin_mm`: text must also stay this far from the left and right edges (the stylesheet's
    page margins, a little less): a table wider than its page area runs into the margin first."""
    reader = data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"].get_object()
    prefs = root.get("/ViewerPreferences")
    marked = root.get("/MarkInfo")
    check = Check(lang=str(root["/Lang"]) if "/Lang" in root else None,
                  title=reader.metadata.title if reader.metadata else None,
                  tagged="/StructTreeRoot" in root,
                  display_doc_title=bool(prefs and prefs.get_object().get("/DisplayDocTitle")
                                         and marked and marked.get_object().get("/Marked")),
                  pages=len(reader.pages))
    if check.tagged:
        _structure(root["/StructTreeRoot"], check.structure, set())
    cache: dict = {}
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        left, bottom, right, top = (float(v) for v in (box.left, box.bottom, box.right, box.top))
        check.page_sizes.add((round(right - left, 1), round(top - bottom, 1)))
        left, right = left + side_margin_mm * MM, right - side_margin_mm * MM

        def visit(text, cm, tm, font, size, number=number, left=left, bottom=bottom, right=right, top=top):
            text = text.rstrip("\n")
            if not text.strip():
                return
            check.lines += 1
            # the text matrix, then the current transformation matrix: where the line starts, and its scale
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            x0 = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            measure = _widths(font, cache) if font is not None else None
            if measure is None:
                check.outside.append((number, x0, None, y, "unmeasured: " + text[:40]))
                return
            x1 = x0 + measure(text) / 1000 * size * math.hypot(a, b)
            if x0 < left - TOLERANCE or x1 > right + TOLERANCE or not bottom <= y <= top:
                check.outside.append((number, round(x0, 1), round(x1, 1), round(y, 1), text[:40]))

        page.extract_text(visitor_text=visit)
    return check
