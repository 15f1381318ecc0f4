"""Reading content files: the parse cache hands out copies, and what read_tree leaves out is known."""
from companion.content.files import orphan_paths, read_tree, serialise


def test_changing_what_read_tree_returned_does_not_change_the_next_read(tmp_path):
    meta = {"slug": "x", "title": "X", "every_day": [{"kind": "test", "text": "A"}], "days": [{"day": 1}]}
    for lang in ("nl", "en"):
        (tmp_path / lang / "timeline").mkdir(parents=True)
        (tmp_path / lang / "timeline" / "x.md").write_text(serialise(meta, "Body.\n"))
    first = read_tree(tmp_path)
    first[0].meta["every_day"][0]["kind"] = "score"
    first[0].meta["days"].append({"day": 2})
    first[0].meta["title"] = "Changed"
    again = read_tree(tmp_path)  # same files, same mtimes: served from the parse cache
    assert [f.meta for f in again] == [meta, meta]


def test_orphan_paths(tmp_path):
    for rel in ("nl/info/parents/a.md", "en/info/parents/a.md", "synonyms.yaml", "readability.yaml",
                "fr/x.md", "nl/info/parents/b.markdown", "en/c.txt", "README.md", "nl/.gitkeep"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert orphan_paths(tmp_path) == ["README.md", "en/c.txt", "fr/x.md", "nl/info/parents/b.markdown"]
    assert orphan_paths(tmp_path / "missing") == []
