"""What the timeline pages, the API and the calendar show, built from the live content.

Needs an app context (content lookup, translations, Babel dates); the date
logic itself lives in days.py and the structure in content.py.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import format_date, gettext as _, lazy_gettext as _l

from companion.content import current_content
from companion.content.render import fill_facts, render

from .content import Doc, Timeline, TimelineError, build_timeline, plain_text
from .days import MILESTONE_DAYS, day_number, date_of_day

log = logging.getLogger(__name__)

KIND_LABELS = {
    "treatment": _l("Treatment"),
    "test": _l("Test"),
    "score": _l("Score"),
    "check": _l("Check"),
    "follow_up": _l("Follow-up"),
}
LONG_DATE = "EEEE d MMMM y"  # the start day, in full
DAY_DATE = "EEE d MMMM"  # each day: "do 3 december", "Thu 3 December"
SHORT_DATE = "d MMMM"
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")

_cache: dict = {}
_lock = threading.Lock()


def today() -> date:
    """Today in the Netherlands; tests set TIMELINE_CLOCK to a callable returning a date."""
    clock = current_app.config.get("TIMELINE_CLOCK")
    return clock() if clock else datetime.now(LOCAL_ZONE).date()


@dataclass
class Prepared:
    """One language's timeline with its Markdown rendered once per content version."""

    timeline: Timeline
    item_html: dict  # (day, index) -> html
    phase_html: dict  # phase id -> html
    intro_lead_html: str  # the intro up to its first heading: above the days
    intro_more_html: str  # the rest (what the family does, leaving early): below the days


def prepared(lang: str) -> Prepared:
    content = current_content()
    key = (content.version["hash"], content.site_revision, lang)
    found = _cache.get(key)
    if found is not None:
        return found
    with _lock:
        if key in _cache:
            return _cache[key]
        files = content.items("timeline", lang)
        docs = [Doc(lang=f.lang, name=f.slug, meta=f.meta, body=f.body) for f in files]
        try:
            timeline = build_timeline(lang, docs)
        except TimelineError as exc:
            log.error("Timeline content for %s is broken: %s", lang, exc)
            abort(503)
        ctx = content.link_context(lang, notes=True)
        # In page order, with one set of linked terms: a term links only where it first appears
        # on the page (the print view shows the same texts in the same order).
        linked: set = set()
        lead, more = split_intro(timeline.intro_body)
        lead_html = render(lead, ctx, linked)
        item_html, phase_html = {}, {}
        for phase in timeline.phases:
            phase_html[phase.id] = render(phase.body, ctx, linked)
            for day in phase.days:
                for i, item in enumerate(day.items):
                    item_html[(day.day, i)] = render(item.text, ctx, linked)
        result = Prepared(timeline, item_html, phase_html, lead_html, render(more, ctx, linked))
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = result
        return result


def split_intro(body: str) -> tuple[str, str]:
    """The intro's opening paragraphs, and the part from its first ``## `` heading on."""
    match = re.search(r"^## ", body, re.M)
    if not match:
        return body, ""
    return body[:match.start()].strip(), body[match.start():].strip()


def day_title(day) -> str:
    if day.title:
        return _("Day %(n)s – %(title)s", n=day.day, title=day.title)
    return _("Day %(n)s", n=day.day)


def page_model(lang: str, start: date | None, now: date | None = None) -> dict:
    """Phases with their days, dates and today's mark, for the page and the print view."""
    prep = prepared(lang)
    current = day_number(start, now) if start and now else None
    labels = {kind: str(label) for kind, label in KIND_LABELS.items()}  # translate once
    phases = []
    for phase in prep.timeline.phases:
        days = []
        for day in phase.days:
            when = date_of_day(start, day.day) if start else None
            days.append({
                "day": day.day,
                "title": day_title(day),
                "milestone": day.milestone,
                "date": when,
                "date_label": format_date(when, DAY_DATE) if when else None,
                "long_date_label": format_date(when, LONG_DATE) if when else None,
                "is_today": day.day == current,
                "items": [
                    {"kind": item.kind, "kind_label": labels[item.kind], "text": item.text,
                     "html": prep.item_html[(day.day, i)]}
                    for i, item in enumerate(day.items)
                ],
            })
        first, last = days[0]["date"], days[-1]["date"]
        phases.append({
            "print_blocks": print_blocks(days),
            "id": phase.id,
            "title": phase.title,
            "summary": phase.summary,
            "html": prep.phase_html[phase.id],
            "days": days,
            "has_today": any(d["is_today"] for d in days),
            "range_label": None if not start else (
                format_date(first, SHORT_DATE) if first == last
                else _("%(first)s to %(last)s", first=format_date(first, SHORT_DATE),
                       last=format_date(last, SHORT_DATE))),
        })
    return {
        "intro_title": prep.timeline.intro_title,
        "intro_lead_html": prep.intro_lead_html,
        "intro_more_html": prep.intro_more_html,
        "phases": phases,
        "today_day": current,
        "today": now,
    }


def print_blocks(days: list[dict]) -> list[dict]:
    """For the print view: runs of ordinary days with the same items become one block
    ("Day 8 to 27"), so the printout stays short; milestone days stay on their own.
    Items compare by their text: a block shows its first day's HTML, where terms are linked."""

    def texts(day: dict) -> list[tuple[str, str]]:
        return [(i["kind"], i["text"]) for i in day["items"]]

    blocks: list[dict] = []
    for d in days:
        last = blocks[-1] if blocks else None
        same = (last is not None and not last["milestone"] and not d["milestone"]
                and texts(last) == texts(d)
                and last["days"][-1]["day"] == d["day"] - 1)
        if same:
            last["days"].append(d)
        else:
            blocks.append({"milestone": d["milestone"], "items": d["items"], "days": [d]})
    for block in blocks:
        first, last = block["days"][0], block["days"][-1]
        block["id"] = f"day-{first['day']}"
        if first is last:
            block["title"], block["date"], block["date_label"] = first["title"], first["date"], first["date_label"]
        else:
            block["title"] = _("Day %(first)s to %(last)s", first=first["day"], last=last["day"])
            block["date"] = first["date"]
            block["date_label"] = None if first["date"] is None else _(
                "%(first)s to %(last)s", first=format_date(first["date"], SHORT_DATE),
                last=format_date(last["date"], SHORT_DATE))
    return blocks


def api_model(lang: str, start: date | None) -> dict:
    """The body of GET /api/timeline (see CONTRACTS.md)."""
    prep = prepared(lang)
    ctx = current_content().link_context(lang)
    return {
        "lang": lang,
        "start": start.isoformat() if start else None,
        "days": [
            {
                "day": day.day,
                "date": date_of_day(start, day.day).isoformat() if start else None,
                "title": day_title(day),
                "items": [{"kind": i.kind, "text": plain_text(fill_facts(i.text, ctx), lang)} for i in day.items],
            }
            for day in prep.timeline.days
        ],
    }


def milestone_titles(lang: str) -> dict[int, str]:
    days = {d.day: d for d in prepared(lang).timeline.days}
    return {
        n: (_("Study day %(n)s – %(title)s", n=n, title=days[n].title) if days[n].title
            else _("Study day %(n)s", n=n))
        for n in MILESTONE_DAYS
    }
