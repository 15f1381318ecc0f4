"""Sign-in, sign-out, the staff home and the admin page for staff accounts.

URLs: /staff/login (GET, POST), /staff/logout (POST), /staff/ (home),
/staff/users (admin: list, add), /staff/users/<id>/active|role|password (admin, POST).
"""

from __future__ import annotations

import time

from flask import (Blueprint, abort, current_app, flash, g, get_flashed_messages, jsonify, redirect, render_template,
                   request)
from flask_babel import gettext as _

from companion.audit import append_event
from companion.auth import carry, lockout
from companion.auth.accounts import ROLES, AccountError, create_user, get_user, list_users, set_active, set_password, set_role
from companion.auth.decorators import role_required, safe_next
from companion.auth.sessions import (current_user, end_all_sessions, end_session, idle_limit_seconds,
                                    idle_warning_seconds, load_user, pop_notice, renew, seconds_left, start_session)
from companion.auth.signin import authenticate
from companion.db import get_db

bp = Blueprint("auth", __name__)
bp.before_app_request(load_user)

ALL_ROLES = ROLES


def role_label(role: str) -> str:
    return {"clinician": _("Clinician"), "editor": _("Editor"), "admin": _("Admin")}.get(role, role)


@bp.app_context_processor
def staff_context():
    return {"staff_user": current_user, "role_label": role_label, "staff_session": staff_session,
            **carry.template_context()}


def staff_session() -> dict:
    """For the idle warning (static/js/staff-session.js) and the limit printed on every staff page."""
    left = seconds_left()
    return {"left": int(left or 0), "warn": int(idle_warning_seconds()),
            "minutes": max(1, round(idle_limit_seconds() / 60)),
            "warn_minutes": max(1, round(idle_warning_seconds() / 60))}


# --- sign-in -----------------------------------------------------------------

def _login_page(status=200, *, email="", errors=None, next_path=None, notice=None):
    return (
        render_template("auth/login.html", email=email, errors=errors or {}, next_path=next_path, notice=notice),
        status,
    )


@bp.get("/staff/login")
def login():
    next_path = safe_next(request.args.get("next"))
    if current_user():
        return redirect(next_path or "/staff/")
    return _login_page(next_path=next_path, notice=pop_notice())


@bp.post("/staff/login")
def login_post():
    next_path = safe_next(request.form.get("next") or request.args.get("next"))
    email = (request.form.get("email") or "").strip()[:254]
    password = request.form.get("password") or ""
    errors = {}
    if not email:
        errors["email"] = _("Enter your email address.")
    if not password:
        errors["password"] = _("Enter your password.")
    if errors:
        return _login_page(400, email=email, errors=errors, next_path=next_path)
    result = authenticate(get_db(), email, password, client=request.remote_addr,
                          secret=current_app.config["SECRET_KEY"])
    if result.delay and current_app.config.get("AUTH_FAILURE_DELAY", True):
        time.sleep(result.delay)
    if result.status == "ok":
        start_session(result.user)
        return carry.resume_after_signin() or redirect(next_path or "/staff/")
    if result.status == "locked":
        minutes = max(1, round((result.locked_for or lockout.LOCK_S) / 60))
        message = _(
            "Too many failed attempts from this device or network. Sign-in from here is paused for "
            "%(minutes)s minutes. Wait and try again, or ask an admin for help.",
            minutes=minutes,
        )
        return _login_page(429, email=email, errors={"form": message}, next_path=next_path)
    message = _("The email address or password is not right. Check both and try again.")
    if result.status == "slowed":
        message += " " + _("Many wrong passwords were tried for this account, so each attempt now takes a few "
                           "seconds. The right password still works.")
    return _login_page(401, email=email, errors={"form": message}, next_path=next_path)


@bp.post("/staff/logout")
@role_required(*ALL_ROLES)
def logout():
    user = current_user()
    append_event(get_db(), kind="auth.logout", actor=user["id"], subject=f"user:{user['id']}", details={})
    end_session("signed_out")
    return redirect("/staff/login")


@bp.post("/staff/logout-everywhere")
@role_required(*ALL_ROLES)
def logout_everywhere():
    """End every session of this account: on this device and on any other (a ward tablet left signed in)."""
    user = current_user()
    ended = end_all_sessions(user["id"])
    append_event(get_db(), kind="auth.logout_everywhere", actor=user["id"], subject=f"user:{user['id']}",
                 details={"sessions": ended})
    end_session("signed_out")
    return redirect("/staff/login")


@bp.post("/staff/session/renew")
@role_required(*ALL_ROLES)
def session_renew():
    """"Stay signed in" in the idle warning: the idle time counts from now. JSON for the script;
    a plain form post goes back to the page it came from."""
    left = renew()
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"seconds_left": int(left)})
    return redirect(safe_next(request.form.get("next")) or "/staff/", code=303)


# --- staff home ----------------------------------------------------------------

def _roles_for(path: str) -> frozenset:
    """The roles the view at ``path`` allows (empty when no such page in this build)."""
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path, method="GET")
    except Exception:  # NotFound, MethodNotAllowed, RequestRedirect
        return frozenset()
    return getattr(current_app.view_functions.get(endpoint), "allowed_roles", frozenset())


def staff_areas(role: str, lang: str) -> list[dict]:
    """Links to the areas this role may use: what exists in this build and lets the role in."""
    areas = [
        (f"/{lang}/consent/", _("Consent records"),
         _("Go through the consent checklist with a family and see earlier records.")),
        ("/staff/prescreen/log", _("Screening log"),
         _("Children who were screened for the study.")),
        ("/staff/content", _("Content"),
         _("Study information, chat answers and word list in Dutch and English.")),
        ("/staff/users", _("Staff accounts"),
         _("Add people, change their role, or disable an account.")),
        ("/staff/audit", _("Audit trail"),
         _("Every sign-in and every change, in order. Filter and export.")),
    ]
    return [{"url": url, "title": title, "text": text} for url, title, text in areas if role in _roles_for(url)]


@bp.get("/staff/")
@role_required(*ALL_ROLES)
def home():
    user = current_user()
    lang = g.get("lang") or _session_lang()
    return render_template("auth/home.html", user=user, areas=staff_areas(user["role"], lang))


def _session_lang() -> str:
    from companion.i18n import current_language

    return current_language()


# --- staff accounts (admin) ---------------------------------------------------------

def _users_page(status=200, *, errors=None, form=None):
    return (
        render_template(
            "auth/users.html",
            users=list_users(get_db()),
            roles=ROLES,
            errors=errors or {},
            form=form or {},
            messages=get_flashed_messages(),
        ),
        status,
    )


@bp.get("/staff/users")
@role_required("admin")
def users():
    return _users_page()


@bp.post("/staff/users")
@role_required("admin")
def users_add():
    form = {
        "email": (request.form.get("email") or "").strip()[:254],
        "role": request.form.get("role") or "",
    }
    password = request.form.get("password") or ""
    errors = {}
    if not form["email"]:
        errors["email"] = _("Enter the email address of the new account.")
    if form["role"] not in ROLES:
        errors["role"] = _("Choose a role: clinician, editor or admin.")
    if not password:
        errors["password"] = _("Enter a first password of at least 12 characters.")
    if not errors:
        try:
            user = create_user(get_db(), form["email"], form["role"], password, actor=current_user()["id"])
        except AccountError as exc:
            errors[exc.field or "form"] = _(exc.message)
        else:
            flash(_("Account made for %(email)s. Give them the first password in person or by phone.",
                    email=user["email"]))
            return redirect("/staff/users")
    return _users_page(400, errors=errors, form=form)


def _target(user_id: int) -> dict:
    user = get_user(get_db(), user_id)
    if user is None:
        abort(404)
    return user


def _change(user_id: int, change):
    target = _target(user_id)
    try:
        message = change(target)
    except AccountError as exc:
        return _users_page(400, errors={"form": _(exc.message), "user_id": user_id})
    if message:
        flash(message)
    return redirect("/staff/users")


@bp.post("/staff/users/<int:user_id>/active")
@role_required("admin")
def users_active(user_id: int):
    value = request.form.get("active")
    if value not in ("0", "1"):
        return _users_page(400, errors={"form": _("Choose whether the account is active or disabled.")})

    def change(target):
        updated = set_active(get_db(), target["id"], value == "1", actor=current_user()["id"])
        if updated["active"]:
            return _("%(email)s can sign in again.", email=updated["email"])
        return _("%(email)s is disabled and signed out.", email=updated["email"])

    return _change(user_id, change)


@bp.post("/staff/users/<int:user_id>/role")
@role_required("admin")
def users_role(user_id: int):
    role = request.form.get("role")
    if role not in ROLES:
        return _users_page(400, errors={"form": _("Choose a role: clinician, editor or admin."), "user_id": user_id})

    def change(target):
        updated = set_role(get_db(), target["id"], role, actor=current_user()["id"])
        return _("%(email)s is now %(role)s.", email=updated["email"], role=role_label(updated["role"]))

    return _change(user_id, change)


@bp.post("/staff/users/<int:user_id>/password")
@role_required("admin")
def users_password(user_id: int):
    password = request.form.get("password") or ""
    if not password:
        return _users_page(400, errors={"form": _("Enter a new password of at least 12 characters."),
                                        "user_id": user_id})

    def change(target):
        updated = set_password(get_db(), target["id"], password, actor=current_user()["id"])
        return _("New password set for %(email)s. They are signed out everywhere.", email=updated["email"])

    return _change(user_id, change)
