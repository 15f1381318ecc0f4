"""Summary of a consent record for the investigator site file: data for the page, and its PDF."""
from __future__ import annotations

from pathlib import Path

from flask import render_template

from companion.consent.records import Record

CSS = Path(__file__).resolve().parent.parent.parent / "static" / "css" / "consent-print.css"


def summary_context(db, record: Record, lang: str) -> dict:
    """Everything the summary shows: the record, items with each participant's status history,
    sittings, clinicians, and the questions asked. Items come from the pinned version."""
    from companion.consent.checklist import load_items

    items = load_items(db, record.content_version_id, lang) or record.items
    rows = []
    for item in items:
        rows.append({"item": item, "participants": [
            {"role": role, "history": record.history(item.slug, role)} for role in record.roles]})
    clinicians = sorted({e["actor_email"] for e in record.events + record.item_events if e["actor_email"]})
    version = db.conn.execute("SELECT label, created_at FROM content_versions WHERE id = ?",
                              (record.content_version_id,)).fetchone()
    return {"record": record, "rows": rows, "sittings": record.sittings(), "clinicians": clinicians,
            "version_label": version[0] if version else "", "outcome": record.outcome_event}


def _no_fetch(url, *args, **kwargs):
    """WeasyPrint may load nothing from outside: the stylesheet is given to it directly."""
    raise ValueError(f"external resource refused: {url[:80]}")


# PDF/UA-1: a tagged PDF (headings, tables and their header cells in the structure tree) with the
# document language (/Lang from <html lang>) and its title shown by readers (DisplayDocTitle), which
# is what the accessibility requirement for documents in the site file asks.
PDF_VARIANT = "pdf/ua-1"


def summary_pdf(db, record: Record, lang: str) -> bytes:
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    html = render_template("consent/summary_pdf.html", **summary_context(db, record, lang))
    return HTML(string=html, url_fetcher=_no_fetch, base_url="about:blank").write_pdf(
        stylesheets=[WeasyCSS(filename=str(CSS), url_fetcher=_no_fetch)], pdf_variant=PDF_VARIANT)
