"""The audit trail for admins: /staff/audit (filters, pages) and /staff/audit.csv (export)."""

from __future__ import annotations

import datetime as _dt

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _

from companion.audit import query
from companion.audit.chain import append_event, verify_chain
from companion.auth import current_user, role_required
from companion.db import get_db

bp = Blueprint("audit", __name__)


def _parse_time(text):
    try:
        return _dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@bp.get("/staff/audit")
@role_required("admin")
def trail():
    db = get_db()
    f = query.parse_filters(request.args)
    total = query.count_events(db, f)
    rows = query.find_events(db, f)
    for row in rows:
        row["when"] = _parse_time(row["created_at"])
    pages = max(1, -(-total // query.PAGE_SIZE))
    ok, count, broken = verify_chain(db)
    errors = {k: _(v) for k, v in f.errors.items()}
    args = f.query_args()
    return render_template(
        "audit/trail.html",
        rows=rows,
        total=total,
        f=f,
        errors=errors,
        kinds=query.kinds(db),
        people=query.people(db),
        page=f.page,
        pages=pages,
        prev_url=url_for("audit.trail", **args, page=f.page - 1) if f.page > 1 else None,
        next_url=url_for("audit.trail", **args, page=f.page + 1) if f.page < pages else None,
        csv_url=url_for("audit.export", **args),
        chain_ok=ok,
        chain_count=count,
        chain_broken=broken,
    ), (400 if errors else 200)


@bp.get("/staff/audit.csv")
@role_required("admin")
def export():
    db = get_db()
    f = query.parse_filters(request.args)
    if f.errors:
        message = "; ".join(_(v) for v in f.errors.values())
        return Response(message + "\n", status=400, mimetype="text/plain")
    rows = query.find_events(db, f, limit=None)
    user = current_user()
    # Reading the whole trail out is itself worth recording (after the read, so it is not in this file).
    append_event(db, kind="audit.exported", actor=user["id"], subject="audit",
                 details={"filters": f.query_args(), "rows": len(rows)})
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    return Response(
        "\ufeff" + query.to_csv(rows),  # BOM: spreadsheet programs then read the UTF-8 right
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
    )
