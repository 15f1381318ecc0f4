"""The whole loop: a question the chat cannot answer lands in the inbox, an editor adds it as a
phrasing, a second editor approves, it is published, and the chat now answers it."""
from companion.content.files import parse
from companion.db import get_db
from companion.staff import drafts
from tests.staff.conftest import post

QUESTION = "Is het erg als wij halverwege afhaken?"


def test_unanswered_question_becomes_an_answered_one(app, as_user, staff):
    public = app.test_client()
    first = public.post("/api/chat", json={"question": QUESTION, "lang": "nl"}).get_json()
    assert first["kind"] == "not_found"
    ed, eva = as_user("ed"), as_user("eva")
    assert QUESTION.lower().rstrip("?") in ed.get("/staff/content/inbox").get_data(as_text=True).lower()
    response = post(ed, "/staff/content/inbox/phrasing", {"question": QUESTION, "lang": "nl", "entry": "withdraw"},
                    token_path="/staff/content/inbox")
    draft_id = int(response.headers["Location"].rsplit("/", 1)[1])
    # the translator looks at the English side and marks the pair as the same
    with app.app_context():
        db = get_db()
        texts = drafts.draft_mapping(db, drafts.get_draft(db, draft_id))
    fields = {}
    for lang in ("nl", "en"):
        meta, body = parse(texts[f"{lang}/chat/withdraw.md"])
        fields[f"{lang}_title"], fields[f"{lang}_body"] = meta["title"], body
        fields[f"{lang}_phrasings"] = "\n".join(meta["phrasings"])
    fields["en_phrasings"] += "\nIs it bad if we drop out halfway?"
    assert post(ed, "/staff/content/edit", {**fields, "path": "chat/withdraw.md", "draft": str(draft_id),
                                            "action": "save", "in_sync": "1"}).status_code == 302
    post(eva, f"/staff/content/drafts/{draft_id}/approve", {"note": "Phrasing only, answer unchanged"})
    post(eva, f"/staff/content/drafts/{draft_id}/publish", {"label": "v2, new phrasing for withdrawing"})
    with app.app_context():
        assert drafts.get_draft(get_db(), draft_id)["status"] == "published"
    answer = public.post("/api/chat", json={"question": QUESTION, "lang": "nl"}).get_json()
    assert answer["kind"] == "answer" and "withdraw" in answer["topics"]
