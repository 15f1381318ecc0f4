"""Drafts, approval by a second person, publishing as a new version; roles; audit events."""
import json

from bs4 import BeautifulSoup

from companion.audit import verify_chain
from companion.content.store import live_version
from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import PURPOSE, confirm_all, confirm_reviews, live_id, new_side_text, post, save_edit

NL_TEXT = "Dit is de nieuwe uitleg over het doel. Wij willen weten of anakinra helpt."
EN_TEXT = "This is the new explanation of the purpose. We want to know if anakinra helps."


def text_of(response):
    return " ".join(BeautifulSoup(response.data, "html.parser").get_text(" ").split()).replace(" ,", ",")


def draft_id_from(response):
    location = response.headers["Location"]
    return int(location.split("draft=")[1])


def events(app, kind):
    with app.app_context():
        return list(get_db().query("select * from audit_events where kind = ? order by id", [kind]))


def test_edit_approve_publish_reaches_the_public_pages(app, as_user, staff):
    ed, eva = as_user("ed"), as_user("eva")
    before = live_id(app)
    response = save_edit(ed, PURPOSE, {"nl": {"title": "Doel van het onderzoek", "body": NL_TEXT}})
    assert response.status_code == 302
    draft = draft_id_from(response)
    # the English twin is outdated now, in the editor and in the overview of the draft
    soup = BeautifulSoup(ed.get(f"/staff/content/edit?path={PURPOSE}&draft={draft}").data, "html.parser")
    assert soup.select_one("#state-en").get_text(strip=True) == "outdated"
    overview = BeautifulSoup(ed.get(f"/staff/content?draft={draft}&state=outdated").data, "html.parser")
    assert PURPOSE in [row["data-path"] for row in overview.select("tr.item-row")]
    # the check blocks approval while the English is behind
    response = post(eva, f"/staff/content/drafts/{draft}/approve", {"note": "METC 2026-05-01"})
    page = eva.get(f"/staff/content/drafts/{draft}").get_data(as_text=True)
    assert "outdated translation" in page and "fix them before it can be approved" in page
    # translate, marking both as the same
    en_title = "Purpose of the study"
    assert save_edit(eva, PURPOSE, {"nl": {"title": "Doel van het onderzoek", "body": NL_TEXT},
                                    "en": {"title": en_title, "body": EN_TEXT}}, draft=draft, in_sync=True).status_code == 302
    # the purpose changed: its chat answers and key points are flagged for review, and block approval
    page = eva.get(f"/staff/content/drafts/{draft}").get_data(as_text=True)
    assert "review: section changed" in page and "nl/chat/what-is-the-study.md" in page
    post(as_user("adam"), f"/staff/content/drafts/{draft}/approve", {"note": "too early"})
    with app.app_context():
        assert drafts.get_draft(get_db(), draft)["status"] == "open"
    confirmed = confirm_reviews(eva, draft)
    assert "nl/chat/what-is-the-study.md" in confirmed and "en/checklist/purpose.md" in confirmed
    assert "review: section changed" not in eva.get(f"/staff/content/drafts/{draft}").get_data(as_text=True)
    assert len(events(app, "content.review_confirmed")) == 1
    # eva changed the draft, so she cannot approve; ed wrote it, so neither can he
    for client in (ed, eva):
        post(client, f"/staff/content/drafts/{draft}/approve", {"note": "METC 2026-05-01"})
        with app.app_context():
            assert drafts.get_draft(get_db(), draft)["status"] == "open"
    adam = as_user("adam")
    post(adam, f"/staff/content/drafts/{draft}/approve", {"note": "Approved by the ethics committee on 1 May 2026"})
    with app.app_context():
        assert drafts.get_draft(get_db(), draft)["status"] == "approved"
    assert live_id(app) == before  # approval alone changes nothing on the site
    response = post(ed, f"/staff/content/drafts/{draft}/publish", {"label": "v2, approved by the METC on 1 May 2026"})
    assert response.status_code == 302
    with app.app_context():
        version = live_version(get_db())
    assert version["id"] != before and version["label"].startswith("v2") and version["approved_by"] == staff["adam"]["id"]
    assert version["note"] == "Approved by the ethics committee on 1 May 2026"
    public = app.test_client()
    assert "Wij willen weten of anakinra helpt" in text_of(public.get("/nl/info/purpose"))
    assert "We want to know if anakinra helps" in text_of(public.get("/en/info/purpose"))
    # the earlier version stays readable, with a diff between the two
    old = text_of(ed.get(f"/staff/content/versions/{before}?path={PURPOSE}&file_lang=nl"))
    assert "Wij willen weten of anakinra helpt" not in old and "Doel" in old
    diff = BeautifulSoup(ed.get(f"/staff/content/diff?a={before}&b={version['id']}").data, "html.parser")
    assert diff.select(".diff-side[lang=nl] .diff ins") and diff.select(".diff-side[lang=en] .diff ins")
    assert "Wij willen weten of anakinra helpt" in new_side_text(diff, "nl")
    # audit: created, edited twice, approved, published; chain intact
    assert len(events(app, "content.draft_edited")) == 2
    published = events(app, "content.published")
    assert len(published) == 1 and json.loads(published[0]["details"])["approved_by"] == staff["adam"]["id"]
    assert events(app, "content.draft_approved")[0]["actor"] == staff["adam"]["id"]
    with app.app_context():
        assert verify_chain(get_db())[0]


def test_nobody_approves_their_own_draft(app, staff):
    with app.app_context():
        db = get_db()
        for name in ("ed", "adam"):
            user = staff[name]["id"]
            draft = drafts.create_draft(db, user)
            drafts.save_pair(db, draft["id"], user, PURPOSE, {"nl": {"title": "Doel", "body": "Nieuw."},
                                                             "en": {"title": "Purpose", "body": "New."}}, in_sync=True)
            try:
                drafts.approve(db, draft["id"], user, "mine")
            except drafts.DraftError as exc:
                assert "cannot approve" in str(exc)
            else:
                raise AssertionError("an author approved their own draft")
            assert drafts.get_draft(db, draft["id"])["status"] == "open"


def test_a_change_after_approval_withdraws_the_approval(app, staff):
    with app.app_context():
        db = get_db()
        ed, eva = staff["ed"]["id"], staff["eva"]["id"]
        draft = drafts.create_draft(db, ed)
        fields = {"nl": {"title": "Doel", "body": "Nieuw."}, "en": {"title": "Purpose", "body": "New."}}
        drafts.save_pair(db, draft["id"], ed, PURPOSE, fields, in_sync=True)
        confirm_all(db, draft["id"], ed)
        drafts.approve(db, draft["id"], eva, "ok")
        fields["nl"]["body"] = "Nog eens anders."
        drafts.save_pair(db, draft["id"], ed, PURPOSE, fields, in_sync=True)
        assert drafts.get_draft(db, draft["id"])["status"] == "open"
        try:
            drafts.publish(db, draft["id"], ed, "v9")
        except drafts.DraftError as exc:
            assert "approved" in str(exc)
        else:
            raise AssertionError("published a draft changed after approval")


def test_approval_needs_a_note_and_publishing_a_label(app, staff):
    with app.app_context():
        db = get_db()
        ed, eva = staff["ed"]["id"], staff["eva"]["id"]
        draft = drafts.create_draft(db, ed)
        drafts.save_pair(db, draft["id"], ed, PURPOSE, {"nl": {"title": "Doel", "body": "Nieuw."},
                                                       "en": {"title": "Purpose", "body": "New."}}, in_sync=True)
        confirm_all(db, draft["id"], ed)
        for call, message in [(lambda: drafts.approve(db, draft["id"], eva, "  "), "approval note"),
                              (lambda: drafts.publish(db, draft["id"], eva, "v2"), "Only an approved draft")]:
            try:
                call()
            except drafts.DraftError as exc:
                assert message in str(exc)
            else:
                raise AssertionError(message)
        drafts.approve(db, draft["id"], eva, "ok")
        try:
            drafts.publish(db, draft["id"], eva, "")
        except drafts.DraftError as exc:
            assert "label" in str(exc)
        else:
            raise AssertionError("published without a label")


def test_empty_draft_cannot_be_approved(app, staff):
    with app.app_context():
        db = get_db()
        draft = drafts.create_draft(db, staff["ed"]["id"])
        try:
            drafts.approve(db, draft["id"], staff["eva"]["id"], "ok")
        except drafts.DraftError as exc:
            assert "changes nothing" in str(exc)
        else:
            raise AssertionError


def test_clinicians_cannot_edit_content(app, as_user, staff):
    cli = as_user("cli")
    for path in ["/staff/content", f"/staff/content/edit?path={PURPOSE}", "/staff/content/versions",
                 "/staff/content/drafts", "/staff/content/import", "/staff/content/inbox",
                 "/staff/content/versions/1/export.zip", "/staff/content/diff"]:
        assert cli.get(path).status_code == 403, path
    token = cli.get("/staff/").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    response = cli.post("/staff/content/edit", data={"csrf_token": token, "path": PURPOSE, "draft": "new",
                                                    "action": "save", "nl_title": "x", "nl_body": "hacked"})
    assert response.status_code == 403
    with app.app_context():
        assert not list(get_db().query("select * from staff_drafts"))


def test_editors_cannot_see_consent_records(app, as_user):
    ed = as_user("ed")
    consent_paths = [rule.rule.replace("<lang:lang>", "nl") for rule in app.url_map.iter_rules()
                     if rule.rule.startswith("/<lang:lang>/consent") and "<" not in rule.rule.replace("<lang:lang>", "")
                     and "GET" in rule.methods]
    assert consent_paths, "no consent pages to check"
    for path in consent_paths:
        assert ed.get(path).status_code == 403, path


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/staff/content")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_bad_input_gets_a_clear_message(app, as_user):
    ed = as_user("ed")
    response = save_edit(ed, PURPOSE, {"nl": {"title": "", "body": "x" * 60_000}})
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter a title for the Dutch text." in text and "split it up" in text
    assert ed.get("/staff/content/edit?path=../../etc/passwd").status_code == 404
    assert ed.get(f"/staff/content/edit?path={PURPOSE}&draft=999").status_code == 404
    assert ed.get(f"/staff/content/edit?path={PURPOSE}&draft=abc").status_code == 200
    assert ed.get("/staff/content/drafts/999").status_code == 404
    assert ed.get("/staff/content/versions/999").status_code == 404
    assert ed.get("/staff/content/versions/999/export.zip").status_code == 404
    huge = "9" * 30  # beyond SQLite's integers: a 404, not an OverflowError
    for path in (f"/staff/content/drafts/{huge}", f"/staff/content/versions/{huge}",
                 f"/staff/content/versions/{huge}/export.zip", f"/staff/content/versions/{2**63}"):
        assert ed.get(path).status_code == 404, path
    for action in ("approve", "publish", "withdraw"):
        assert post(ed, f"/staff/content/drafts/{huge}/{action}", {"note": "x", "label": "x"}).status_code == 404
    for bad in ("0", "-3", huge, "abc", ""):  # no such draft: refused, never a new draft
        assert save_edit(ed, PURPOSE, {"nl": {"title": "Doel", "body": "Nieuw."}}, draft=bad).status_code == 404, bad
    assert ed.get("/staff/content/diff?a=1&b=999").status_code == 400
    assert ed.get("/staff/content/diff?a=x&b=%00").status_code == 200
    response = post(ed, "/staff/content/drafts/999/approve", {"note": "x"}, follow_redirects=True)
    assert response.status_code == 404 or "Only an open draft" in response.get_data(as_text=True)
    with app.app_context():
        assert not list(get_db().query("select * from staff_drafts"))


def test_preview_works_without_javascript_and_saves_nothing(app, as_user):
    ed = as_user("ed")
    response = save_edit(ed, PURPOSE, {"nl": {"title": "Doel", "body": "## Kop\n\nBel [[placeholder: telefoon]] over **sepsis**."},
                                       "en": {"title": "Purpose", "body": "Call us."}}, action="preview")
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    preview = soup.select_one("#preview-nl")
    assert preview.select_one("h2").get_text() == "Kop"
    assert preview.select_one("mark.placeholder") is not None
    assert preview.select_one("a.term") is not None  # glossary term highlighted
    assert "Readability" in soup.select_one("#readability-nl").get_text()
    with app.app_context():
        assert not list(get_db().query("select * from staff_drafts"))


def test_content_events_show_in_the_admins_audit_trail(app, as_user, staff):
    with app.app_context():
        db = get_db()
        draft = drafts.create_draft(db, staff["ed"]["id"])
        drafts.save_pair(db, draft["id"], staff["ed"]["id"], PURPOSE,
                         {"nl": {"title": "Doel", "body": "Nieuw."}, "en": {"title": "Purpose", "body": "New."}},
                         in_sync=True)
        confirm_all(db, draft["id"], staff["ed"]["id"])
        drafts.approve(db, draft["id"], staff["eva"]["id"], "ok")
        drafts.publish(db, draft["id"], staff["eva"]["id"], "v2")
    adam = as_user("adam")
    for kind in ("content.draft_created", "content.draft_edited", "content.review_confirmed", "content.draft_approved",
                 "content.published"):
        soup = BeautifulSoup(adam.get(f"/staff/audit?kind={kind}").data, "html.parser")
        assert kind in soup.select_one("main").get_text(), kind
    csv = adam.get("/staff/audit.csv?kind=content.published").get_data(as_text=True)
    assert csv.count("content.published") == 1
    assert as_user("ed").get("/staff/audit").status_code == 403  # editors do not see the trail
