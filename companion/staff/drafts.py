"""Drafts: an edit is a draft; a second person approves it; publishing makes a new content version.

A draft stores only the files it changes, as full text ("---front matter---body"). Its file
set is the base version's files overlaid with those. Plain functions on a sqlite_utils
Database; every state change writes an audit event in the same transaction.
"""
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlite_utils import Database

from companion.audit import append_event, write_transaction
from companion.chat.synonyms import problems as synonym_problems
from companion.content import truth
from companion.content.check import TOPICS, Report, check_files
from companion.content.markers import fact_definitions, registries
from companion.content.files import LANGS, ContentFile, parse, serialise, text_hash, tree_from_mapping
from companion.content.store import create_version, live_version, load_files, now
from companion.content.store import publish as publish_version
from companion.i18n import N_
from companion.site.store import publish_allowed
from companion.staff.fields import apply_extra

STATUSES = ("open", "approved", "published", "withdrawn")
MAX_TITLE = 200
MAX_BODY = 50_000
MAX_LABEL = 200
MAX_NOTE = 2_000


class StaffError(ValueError):
    """A refused action. `msgid` and `params` are translated by the view; `details` are more
    (msgid, params) pairs, e.g. one per refused file."""

    def __init__(self, msgid: str, details: list | None = None, **params):
        self.msgid, self.params, self.details = msgid, params, details or []
        text = msgid % params if params else msgid
        if self.details:
            text += " " + "; ".join(m % p for m, p in self.details)
        super().__init__(text)


class DraftError(StaffError):
    """A refused draft action."""


def _content_dir() -> str:
    """Where the registries of site facts and sources live: the app's content/, or the default
    one when drafts are driven without an app (scripts, threads in tests)."""
    from companion.config import Config

    return current_app.config["CONTENT_DIR"] if has_app_context() else Config.CONTENT_DIR


def file_text(f: ContentFile) -> str:
    return serialise(f.meta, f.body)


_MAPPINGS: dict[str, dict[str, str]] = {}  # version hash -> files; a version never changes
_BASE_ERRORS: dict[tuple, set] = {}


def _version_hash(db: Database, version_id: int) -> str | None:
    row = db.execute("select hash from content_versions where id = ?", [version_id]).fetchone()
    return row[0] if row else None


def version_mapping(db: Database, version_id: int) -> dict[str, str]:
    """{"nl/info/parents/x.md": full text} of a stored version (a copy: callers may change it)."""
    digest = _version_hash(db, version_id)
    if digest not in _MAPPINGS:
        if len(_MAPPINGS) > 8:
            _MAPPINGS.clear()
        _MAPPINGS[digest] = {f"{f.lang}/{f.rel_path}": file_text(f) for f in load_files(db, version_id)}
    return dict(_MAPPINGS[digest])


# --- reading ---------------------------------------------------------------------------

def get_draft(db: Database, draft_id: int) -> dict | None:
    rows = list(db.query("select * from staff_drafts where id = ?", [draft_id]))
    return rows[0] if rows else None


def list_drafts(db: Database, statuses=("open", "approved")) -> list[dict]:
    marks = ",".join("?" for _ in statuses)
    return list(db.query(
        f"select d.*, (select count(*) from staff_draft_files f where f.draft_id = d.id) as n_files "
        f"from staff_drafts d where status in ({marks}) order by d.id desc", list(statuses)))


def changed_files(db: Database, draft_id: int) -> dict[str, str]:
    """{"nl/info/parents/x.md": text} of the files this draft changes or adds."""
    rows = db.query("select lang, path, text from staff_draft_files where draft_id = ? order by lang, path",
                    [draft_id])
    return {f"{r['lang']}/{r['path']}": r["text"] for r in rows}


def draft_mapping(db: Database, draft: dict) -> dict[str, str]:
    mapping = version_mapping(db, draft["base_version_id"])
    mapping.update(changed_files(db, draft["id"]))
    return mapping


def draft_files(db: Database, draft: dict) -> list[ContentFile]:
    return tree_from_mapping(draft_mapping(db, draft))


def version_synonyms(db: Database, version_id: int) -> str | None:
    """The synonym list a version carries (None for versions made before lists were versioned)."""
    row = db.execute("select synonyms from content_versions where id = ?", [version_id]).fetchone()
    return row[0] if row else None


def draft_synonyms(db: Database, draft: dict) -> str | None:
    """The list the draft would publish: its own when it changes it, else its base version's."""
    return draft["synonyms"] if draft.get("synonyms") is not None else version_synonyms(db, draft["base_version_id"])


def changes_anything(db: Database, draft: dict) -> bool:
    return bool(changed_files(db, draft["id"])) or draft.get("synonyms") is not None


def editors_of(db: Database, draft: dict) -> set[int]:
    """The author and everyone who saved a file into the draft: none of them may approve it."""
    ids = {r["updated_by"] for r in db.query(
        "select distinct updated_by from staff_draft_files where draft_id = ? and updated_by is not null",
        [draft["id"]])}
    return ids | {draft["author_id"]}


@dataclass
class DraftCheck:
    report: Report
    new_errors: list
    old_errors: list

    @property
    def ok(self) -> bool:
        return not self.new_errors


def check_draft(db: Database, draft: dict, exclusions=frozenset()) -> DraftCheck:
    """`content check` on the draft's files. Errors the base version did not have block approval;
    errors already in the live base are listed apart (they must not grow)."""
    facts, sources, _ = registries(_content_dir())
    report = check_files(draft_files(db, draft), exclusions, facts, sources)
    key = (_version_hash(db, draft["base_version_id"]), frozenset(exclusions))
    if key not in _BASE_ERRORS:
        if len(_BASE_ERRORS) > 8:
            _BASE_ERRORS.clear()
        _BASE_ERRORS[key] = set(check_files(load_files(db, draft["base_version_id"]), exclusions, facts,
                                            sources).errors)
    known = _BASE_ERRORS[key]
    new_errors = [e for e in report.errors if e not in known]
    if draft.get("synonyms") is not None:
        new_errors += [f"synonyms.yaml: {problem}" for problem in synonym_problems(draft["synonyms"])]
    return DraftCheck(report, new_errors, [e for e in report.errors if e in known])


# --- writing ---------------------------------------------------------------------------

def create_draft(db: Database, author_id: int, *, label: str = "", source: str = "editor",
                 base_version_id: int | None = None) -> dict:
    if base_version_id is None:
        live = live_version(db)
        if live is None:
            raise DraftError(N_("No content version is live yet."))
        base_version_id = live["id"]
    with write_transaction(db):
        draft_id = db["staff_drafts"].insert({
            "base_version_id": base_version_id, "author_id": author_id, "status": "open",
            "label": label[:MAX_LABEL], "source": source, "created_at": now(), "updated_at": now(),
        }).last_pk
        append_event(db, kind="content.draft_created", actor=author_id, subject=f"draft:{draft_id}",
                     details={"base_version": base_version_id, "source": source})
    return get_draft(db, draft_id)


def _require_editable(draft: dict | None) -> dict:
    if draft is None:
        raise DraftError(N_("This draft does not exist."))
    if draft["status"] not in ("open", "approved"):
        raise DraftError(N_("This draft is already published or withdrawn; start a new draft."))
    return draft


def _put_file(db: Database, draft: dict, key: str, text: str, base: dict, user_id: int) -> bool:
    """Store one file's text in the draft (or drop it when it equals the base). True when changed."""
    lang, _, path = key.partition("/")
    current = changed_files(db, draft["id"]).get(key, base.get(key))
    if text == current:
        return False
    db.execute("delete from staff_draft_files where draft_id = ? and lang = ? and path = ?",
               [draft["id"], lang, path])
    if text != base.get(key):
        db["staff_draft_files"].insert({"draft_id": draft["id"], "lang": lang, "path": path, "text": text,
                                        "updated_by": user_id, "updated_at": now()})
    return True


def validate_fields(title: str, body: str, lang: str) -> list[tuple[str, dict]]:
    """Problems with one language's fields, as (msgid, params) for the view to translate."""
    problems = []
    dutch = lang == "nl"
    if not title.strip():
        problems.append(N_("Enter a title for the Dutch text.") if dutch else N_("Enter a title for the English text."))
    if len(title) > MAX_TITLE:
        problems.append(N_("The Dutch title is longer than %(n)s characters; make it shorter.") if dutch
                        else N_("The English title is longer than %(n)s characters; make it shorter."))
    if len(body) > MAX_BODY:
        problems.append(N_("The Dutch text is longer than %(n)s characters; split it up.") if dutch
                        else N_("The English text is longer than %(n)s characters; split it up."))
    if "\x00" in title or "\x00" in body:
        problems.append(N_("The Dutch text contains a character that cannot be stored.") if dutch
                        else N_("The English text contains a character that cannot be stored."))
    limits = {"title": MAX_TITLE, "text is": MAX_BODY}
    return [(m, {"n": limits["title"] if "title is" in m else limits["text is"]} if "%(n)s" in m else {})
            for m in problems]


def save_pair(db: Database, draft_id: int, user_id: int, rel_path: str, fields: dict, *,
              in_sync: bool = False, topics: list[str] | None = None, shared: dict | None = None) -> list[str]:
    """Save the Dutch and English title/body (and chat phrasings) of one item into a draft.

    `fields` = {"nl": {"title", "body", "phrasings"?, "extra"?}, "en": {...}}; `extra` is the
    YAML text of the other fields families see (staff.fields: timeline items, checklist
    prompts, glossary aliases, summaries). Any problem refuses the whole save. A language left
    out stays as it is. With `in_sync` both files are stamped as translations of each other; otherwise a
    changed side leaves the other one outdated. `topics` (when given) is set on both files, and
    so is each key of `shared` (e.g. a chat entry's `source` section).
    Returns the paths that changed."""
    draft = _require_editable(get_draft(db, draft_id))
    base = version_mapping(db, draft["base_version_id"])
    current = {**base, **changed_files(db, draft_id)}
    problems = []
    for lang, values in fields.items():
        problems += validate_fields(values.get("title", ""), values.get("body", ""), lang)
    if topics is not None:
        unknown = [t for t in topics if t not in TOPICS]
        if unknown:
            problems.append((N_("Unknown topic: %(topic)s."), {"topic": unknown[0][:50]}))
    new_meta, new_body = {}, {}
    for lang in LANGS:
        key = f"{lang}/{rel_path}"
        if key in current:
            meta, body = parse(current[key])
        else:
            meta, body = {"slug": rel_path.rsplit("/", 1)[-1].removesuffix(".md")}, ""
        values = fields.get(lang)
        if values is not None:
            meta = dict(meta)
            meta["title"] = values["title"].strip()
            if "phrasings" in values:
                meta["phrasings"] = [p.strip() for p in values["phrasings"].splitlines() if p.strip()]
            if "extra" in values:
                meta, found = apply_extra(rel_path, lang, meta, values["extra"])
                problems += found
            body = values["body"].replace("\r\n", "\n").rstrip() + "\n"
        if topics is not None and (values is not None or key in current):
            meta = dict(meta)
            meta["topics"] = [t for t in sorted(TOPICS) if t in topics] if set(topics) != set(meta.get("topics") or []) \
                else meta.get("topics")
        for name, value in (shared or {}).items():
            if (values is not None or key in current) and meta.get(name) != value:
                meta = {**meta, name: value}
        new_meta[lang], new_body[lang] = meta, body
    for lang in fields:  # an edited chat answer or checklist item was checked against its section as it is now
        stamp = _section_stamp(lang, rel_path, new_meta[lang], new_body[lang], current)
        if stamp:
            new_meta[lang] = {**new_meta[lang], truth.STAMP: stamp}
    if problems:
        raise DraftError(problems[0][0], details=problems[1:], **problems[0][1])
    if in_sync:
        hashes = {lang: text_hash(new_meta[lang], new_body[lang]) for lang in LANGS}
        new_meta["nl"]["translation_of"] = hashes["en"]
        new_meta["en"]["translation_of"] = hashes["nl"]
    changed = []
    with write_transaction(db):
        draft = _require_editable(get_draft(db, draft_id))  # still editable under the lock
        for lang in LANGS:
            if lang not in fields and not in_sync and topics is None and not shared:
                continue
            key = f"{lang}/{rel_path}"
            if key not in current and lang not in fields:
                continue
            if _put_file(db, draft, key, serialise(new_meta[lang], new_body[lang]), base, user_id):
                changed.append(key)
        if changed:
            _reopen(db, draft, user_id)
            append_event(db, kind="content.draft_edited", actor=user_id, subject=f"draft:{draft_id}",
                         details={"files": changed, "in_sync": in_sync})
    return changed


def _section_stamp(lang: str, rel_path: str, meta: dict, body: str, current: dict) -> str | None:
    """The hash of the section a chat answer or checklist item points to, in the draft as it is."""
    section_path = truth.section_path_for(ContentFile(lang, rel_path, meta, body))
    section_text = current.get(f"{lang}/{section_path}") if section_path else None
    if section_text is None:
        return None
    section_meta, section_body = parse(section_text)
    return truth.section_stamp(ContentFile(lang, section_path, section_meta, section_body))


def review_list(db: Database, draft: dict) -> list[tuple[ContentFile, ContentFile]]:
    """[(chat answer or checklist item, its section)] flagged *review: section changed* in the draft."""
    return truth.review_needed(draft_files(db, draft))


def confirm_reviews(db: Database, draft_id: int, user_id: int, keys: list[str]) -> list[str]:
    """An editor confirms that each flagged text ("nl/chat/costs.md") still agrees with its changed
    section: its stamp is set to the section as it is now. Returns the keys confirmed."""
    draft = _require_editable(get_draft(db, draft_id))
    base = version_mapping(db, draft["base_version_id"])
    confirmed = []
    with write_transaction(db):
        draft = _require_editable(get_draft(db, draft_id))
        flagged = {f"{item.lang}/{item.rel_path}": (item, section) for item, section in review_list(db, draft)}
        for key in keys:
            if key not in flagged:
                continue
            item, section = flagged[key]
            meta = {**item.meta, truth.STAMP: truth.section_stamp(section)}
            if _put_file(db, draft, key, serialise(meta, item.body), base, user_id):
                confirmed.append(key)
        if confirmed:
            _reopen(db, draft, user_id)
            append_event(db, kind="content.review_confirmed", actor=user_id, subject=f"draft:{draft_id}",
                         details={"files": confirmed})
    return confirmed


def put_files(db: Database, draft_id: int, user_id: int, mapping: dict[str, str]) -> list[str]:
    """Store whole files (zip import, inbox): each that differs from the base becomes part of the draft."""
    draft = _require_editable(get_draft(db, draft_id))
    base = version_mapping(db, draft["base_version_id"])
    changed = []
    with write_transaction(db):
        draft = _require_editable(get_draft(db, draft_id))
        for key in sorted(mapping):
            if _put_file(db, draft, key, mapping[key], base, user_id):
                changed.append(key)
        if changed:
            _reopen(db, draft, user_id)
            append_event(db, kind="content.draft_edited", actor=user_id, subject=f"draft:{draft_id}",
                         details={"files": changed[:200], "count": len(changed)})
    return changed


def rebase_onto_live(db: Database, draft: dict, user_id: int) -> dict:
    """Move a draft whose base is no longer the live version onto the live version.

    A draft is its base plus the files it changes; published as it stands, it would silently
    undo whatever went live since it began. Its changed files are kept on top of the live
    version instead; refused when the live version changed one of the same files since (the
    editor must redo that change on the current text). Call inside a write transaction."""
    live = live_version(db)
    if live is None or live["id"] == draft["base_version_id"]:
        return draft
    base = version_mapping(db, draft["base_version_id"])
    now_live = version_mapping(db, live["id"])
    changed = changed_files(db, draft["id"])
    conflicts = sorted(key for key in changed if base.get(key) != now_live.get(key))
    if draft.get("synonyms") is not None and \
            version_synonyms(db, draft["base_version_id"]) != version_synonyms(db, live["id"]):
        conflicts.append("synonyms.yaml")
    if conflicts:
        raise DraftError(N_("Since this draft began, a newer version went live that changes the same texts: "
                            "%(files)s. Start a new draft and make these changes again on the current text."),
                         files=", ".join(conflicts[:5]) + (" …" if len(conflicts) > 5 else ""))
    db.execute("update staff_drafts set base_version_id = ?, updated_at = ? where id = ?",
               [live["id"], now(), draft["id"]])
    append_event(db, kind="content.draft_rebased", actor=user_id, subject=f"draft:{draft['id']}",
                 details={"from_version": draft["base_version_id"], "to_version": live["id"]})
    return get_draft(db, draft["id"])


def normalise_synonyms(text: str) -> str:
    """Line ends and the final newline as a file has them, so an untouched list is no change."""
    return text.replace("\r\n", "\n").rstrip() + "\n"


def save_synonyms(db: Database, draft_id: int, user_id: int, text: str, base_text: str | None = None) -> bool:
    """Store a new synonym list in the draft (refused when it has a problem). A list equal to the
    base version's (or to `base_text`, the deployment's file when the base carries none) is no
    change. True when the draft changed."""
    text = normalise_synonyms(text)
    found = synonym_problems(text)
    if found:
        raise DraftError(N_("The synonym list has a problem: %(problem)s"), problem=found[0][:300])
    with write_transaction(db):
        draft = _require_editable(get_draft(db, draft_id))
        base = version_synonyms(db, draft["base_version_id"])
        base = base if base is not None else base_text
        new = None if base is not None and text == normalise_synonyms(base) else text
        if new == draft.get("synonyms"):
            return False
        db.execute("update staff_drafts set synonyms = ?, updated_at = ? where id = ?", [new, now(), draft_id])
        _reopen(db, draft, user_id)
        append_event(db, kind="content.draft_edited", actor=user_id, subject=f"draft:{draft_id}",
                     details={"files": ["synonyms.yaml"], "in_sync": True})
    return True


def _reopen(db: Database, draft: dict, user_id: int) -> None:
    """Any change after approval withdraws the approval: what is published is what was approved."""
    db.execute("update staff_drafts set status = 'open', approved_by = null, approved_at = null, "
               "approval_note = null, updated_at = ? where id = ?", [now(), draft["id"]])


def approve(db: Database, draft_id: int, approver_id: int, note: str, exclusions=frozenset()) -> dict:
    """A second person approves. Everything is checked under the write lock, so an edit saved at
    the same moment can never slip into an approval that did not see it."""
    note = note.strip()
    if not note:
        raise DraftError(N_("Write an approval note, for example who approved the text and when."))
    if len(note) > MAX_NOTE:
        raise DraftError(N_("The approval note is longer than %(n)s characters; make it shorter."), n=MAX_NOTE)
    with write_transaction(db):
        draft = get_draft(db, draft_id)
        if draft is None or draft["status"] != "open":
            raise DraftError(N_("Only an open draft can be approved."))
        if approver_id in editors_of(db, draft):
            raise DraftError(N_("You wrote or changed this draft, so you cannot approve it. Ask another editor."))
        draft = rebase_onto_live(db, draft, approver_id)  # what is approved is what would go live
        if not changes_anything(db, draft):
            raise DraftError(N_("This draft changes nothing yet."))
        result = check_draft(db, draft, exclusions)
        if not result.ok:
            raise DraftError(N_("The content check found %(n)s problem(s) in this draft; fix them before it can be "
                                "approved."), n=len(result.new_errors))
        db.execute("update staff_drafts set status = 'approved', approved_by = ?, approved_at = ?, "
                   "approval_note = ? where id = ?", [approver_id, now(), note, draft_id])
        append_event(db, kind="content.draft_approved", actor=approver_id, subject=f"draft:{draft_id}",
                     details={"note": note})
    return get_draft(db, draft_id)


def publish(db: Database, draft_id: int, user_id: int, label: str) -> dict:
    """Make the approved draft a new content version and switch the live site to it in one step."""
    label = label.strip()
    if not label:
        raise DraftError(N_("Give the version a label, for example 'v3, approved by the ethics committee on …'."))
    if len(label) > MAX_LABEL:
        raise DraftError(N_("The label is longer than %(n)s characters; make it shorter."), n=MAX_LABEL)
    with write_transaction(db):  # one transaction: nothing can go live between the check and the publish
        draft = get_draft(db, draft_id)  # read under the lock: two clicks publish once
        if draft is None or draft["status"] != "approved":
            raise DraftError(N_("Only an approved draft can be published."))
        live = live_version(db)
        moved = live is not None and live["id"] != draft["base_version_id"]
        if moved:  # another draft went live after this approval: rebuild on it, approve again
            _reopen(db, rebase_onto_live(db, draft, user_id), user_id)
        else:
            files = draft_files(db, draft)
            missing = publish_allowed(db, fact_definitions(_content_dir()), files)
            if missing:
                raise DraftError(N_("This version cannot go live for families while %(n)s site fact(s) it uses are "
                                    "empty: %(names)s. An admin fills them on the Site facts page, or marks the "
                                    "deployment as a demonstration."), n=len(missing), names=", ".join(missing))
            version = create_version(db, files, source="staff", label=label, note=draft["approval_note"] or "",
                                     created_by=draft["author_id"], synonyms=draft_synonyms(db, draft))
            publish_version(db, version["id"], approved_by=draft["approved_by"])
            db.execute("update staff_drafts set status = 'published', label = ?, published_version_id = ?, "
                       "published_at = ? where id = ?", [label, version["id"], now(), draft_id])
            append_event(db, kind="content.published", actor=user_id, subject=f"content_version:{version['id']}",
                         details={"draft": draft_id, "label": label, "hash": version["hash"],
                                  "approved_by": draft["approved_by"], "author": draft["author_id"]})
    if moved:  # said after the commit, so the rebase and the withdrawn approval are kept
        raise DraftError(N_("A newer version went live after this draft was approved. The draft now builds on that "
                            "version, so it needs to be approved again before it can be published."))
    return db["content_versions"].get(version["id"])


def withdraw(db: Database, draft_id: int, user_id: int) -> None:
    with write_transaction(db):
        draft = _require_editable(get_draft(db, draft_id))
        db.execute("update staff_drafts set status = 'withdrawn', updated_at = ? where id = ?", [now(), draft["id"]])
        append_event(db, kind="content.draft_withdrawn", actor=user_id, subject=f"draft:{draft_id}", details={})
