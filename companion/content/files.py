"""Reading and writing content files: Markdown with YAML front matter under content/<lang>/."""
import copy
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LANGS = ("nl", "en")
READERS = ("parents", "16-17", "12-15", "under-12")
TOP_LEVEL_FILES = ("synonyms.yaml", "readability.yaml", "site-facts.yaml", "sources.yaml")  # the only files beside nl/ and en/
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~20x faster start-up than pure Python
# Not part of an item's own text: the translation stamp, and (chat answers, checklist items) the
# hash of the information section the text was last checked against.
BOOKKEEPING_KEYS = {"translation_of", "section_checked"}
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)


class ContentFormatError(ValueError):
    """A file whose front matter cannot be read."""


@dataclass
class ContentFile:
    lang: str
    rel_path: str  # path below content/<lang>/, e.g. "info/parents/purpose.md"
    meta: dict
    body: str
    problems: list = field(default_factory=list)
    body_line: int = 0  # the file's line number of the body's first line; 0 when not read from a file

    @property
    def kind(self) -> str:
        return self.rel_path.split("/", 1)[0]

    @property
    def reader(self) -> str | None:
        parts = self.rel_path.split("/")
        return parts[1] if self.kind == "info" and len(parts) == 3 else None

    @property
    def slug(self) -> str:
        return Path(self.rel_path).stem

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def order(self) -> int:
        value = self.meta.get("order", 0)
        return value if isinstance(value, int) else 0

    @property
    def text_hash(self) -> str:
        return text_hash(self.meta, self.body)


def text_hash(meta: dict, body: str) -> str:
    """Hash of what a translator translates: every front-matter field but bookkeeping, and the body."""
    own = {k: v for k, v in meta.items() if k not in BOOKKEEPING_KEYS}
    canonical = json.dumps(own, sort_keys=True, ensure_ascii=False, default=str) + "\n" + body.strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def body_line(text: str) -> int:
    """The line number (from 1) where the body starts, after the front matter."""
    match = _FRONT_MATTER.match(text)
    return text.count("\n", 0, match.end()) + 1 if match else 1


def parse(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentFormatError("no front matter (the file must start with a '---' block)")
    try:
        meta = yaml.load(match.group(1), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise ContentFormatError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentFormatError("front matter must be a mapping of keys to values")
    return meta, text[match.end():]


def serialise(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100).strip()
    return f"---\n{front}\n---\n{body.lstrip(chr(10))}"


def read_tree(content_dir: str | Path) -> list[ContentFile]:
    """Every `*.md` file of both languages, sorted by path. Unreadable files carry a problem."""
    root = Path(content_dir)
    files = []
    for lang in LANGS:
        base = root / lang
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.md")):
            rel = path.relative_to(base).as_posix()
            stat = path.stat()
            try:
                meta, body, first = _parse_file(str(path), stat.st_mtime_ns, stat.st_size)
                # a deep copy: callers change meta (stamping, tests), the cached parse must stay as read
                files.append(ContentFile(lang, rel, copy.deepcopy(meta), body, body_line=first))
            except (ContentFormatError, UnicodeDecodeError) as exc:
                files.append(ContentFile(lang, rel, {}, "", problems=[str(exc)]))
    return files


def orphan_paths(content_dir: str | Path) -> list[str]:
    """Files read_tree leaves out, by path below content/: outside nl/ and en/ (but for
    TOP_LEVEL_FILES), or not ending in .md inside them. Hidden files (.gitkeep) do not count."""
    root = Path(content_dir)
    if not root.is_dir():
        return []
    orphans = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if len(rel.parts) == 1:
            if rel.name not in TOP_LEVEL_FILES:
                orphans.append(rel.as_posix())
        elif rel.parts[0] not in LANGS or path.suffix != ".md":
            orphans.append(rel.as_posix())
    return orphans


@functools.lru_cache(maxsize=4096)
def _parse_file(path: str, mtime_ns: int, size: int) -> tuple[dict, str, int]:
    """Parse once per file version: start-up and `content check` re-read the tree often."""
    text = Path(path).read_text(encoding="utf-8")
    meta, body = parse(text)
    return meta, body, body_line(text)


def write_meta(content_dir: str | Path, lang: str, rel_path: str, updates: dict) -> None:
    """Rewrite one file's front matter with `updates`, leaving the body byte for byte."""
    path = Path(content_dir) / lang / rel_path
    meta, body = parse(path.read_text(encoding="utf-8"))
    meta.update(updates)
    path.write_text(serialise(meta, body), encoding="utf-8")


def tree_from_mapping(mapping: dict[str, str]) -> list[ContentFile]:
    """Like read_tree, from {"nl/info/parents/x.md": text}: used for drafts and zip imports."""
    files = []
    for key in sorted(mapping):
        lang, _, rel = key.partition("/")
        if lang not in LANGS or not rel.endswith(".md"):
            continue
        try:
            meta, body = parse(mapping[key])
            files.append(ContentFile(lang, rel, meta, body, body_line=body_line(mapping[key])))
        except ContentFormatError as exc:
            files.append(ContentFile(lang, rel, {}, "", problems=[str(exc)]))
    return files
