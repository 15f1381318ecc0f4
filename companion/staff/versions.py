"""Content versions: list, diff between any two, export as a zip, import a zip (no Flask needed)."""
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from companion.content.files import LANGS, tree_from_mapping
from companion.staff.drafts import N_, StaffError

MAX_ZIP_BYTES = 10 * 1024 * 1024       # the upload itself
MAX_TOTAL_BYTES = 20 * 1024 * 1024     # all files unpacked
MAX_FILE_BYTES = 512 * 1024
MAX_FILES = 2000
YAML_FILES = ("synonyms.yaml", "readability.yaml")
_PATH = re.compile(r"^(?:content/)?((?:nl|en)/[a-z0-9][a-z0-9_\-]*(?:/[a-z0-9][a-z0-9_\-]*)*\.md)$")
_YAML = re.compile(r"^(?:content/)?([a-z_\-]+\.yaml)$")


class ImportRefused(StaffError):
    """The zip was refused; the message says why in one plain sentence (details: one per file)."""


def list_versions(db: Database) -> list[dict]:
    return list(db.query(
        "select v.*, (select count(*) from content_items i where i.version_id = v.id) as n_files, "
        "ca.email as created_by_email, ap.email as approved_by_email, "
        "(select count(*) from staff_drafts d where d.published_version_id = v.id) as n_publishes, "
        "(select d.label || ' – ' || coalesce(d.approval_note, '') from staff_drafts d "
        " where d.published_version_id = v.id order by d.published_at desc limit 1) as last_publish "
        "from content_versions v left join users ca on ca.id = v.created_by "
        "left join users ap on ap.id = v.approved_by order by v.id desc"))


# --- diff ---------------------------------------------------------------------------

@dataclass
class FileDiff:
    key: str
    status: str  # added | removed | changed
    lines: list = field(default_factory=list)  # (css class, text)


def diff_mappings(old: dict[str, str], new: dict[str, str], context: int = 2) -> list[FileDiff]:
    """A unified diff per changed file; lines carry a class: ins, del, hunk or ''."""
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        status = "added" if a is None else "removed" if b is None else "changed"
        lines = []
        for line in difflib.unified_diff((a or "").splitlines(), (b or "").splitlines(), lineterm="", n=context):
            if line.startswith(("---", "+++")):
                continue
            cls = "hunk" if line.startswith("@@") else "ins" if line.startswith("+") else \
                "del" if line.startswith("-") else ""
            lines.append((cls, line))
        out.append(FileDiff(key, status, lines))
    return out


# --- export -------------------------------------------------------------------------

def export_zip(mapping: dict[str, str], content_dir: str | Path | None = None, comment: str = "",
               synonyms: str | None = None) -> bytes:
    """A zip with the layout of content/: content/<lang>/<path>.md, the version's synonym list
    (`synonyms`), and the deployment's other yaml files (or its synonyms.yaml when the version
    carries none)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(mapping):
            info = zipfile.ZipInfo(f"content/{key}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, mapping[key].encode("utf-8"))
        yaml_texts = {}
        if content_dir:
            for name in YAML_FILES:
                path = Path(content_dir) / name
                if path.exists():
                    yaml_texts[name] = path.read_bytes()
        if synonyms is not None:
            yaml_texts["synonyms.yaml"] = synonyms.encode("utf-8")
        for name in sorted(yaml_texts):
            info = zipfile.ZipInfo(f"content/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            archive.writestr(info, yaml_texts[name])
        archive.comment = comment.encode("utf-8")[:1000]
    return buffer.getvalue()


# --- import -------------------------------------------------------------------------

def read_zip(data: bytes, yaml_files: dict | None = None) -> dict[str, str]:
    """The content files of an uploaded zip as {"nl/…/x.md": text}. Refuses anything unsafe or
    unreadable with ImportRefused, before anything is stored. The zip's synonyms.yaml and
    readability.yaml go into `yaml_files` (name -> text) when the caller passes a dict."""
    if not data:
        raise ImportRefused(N_("Choose a zip file to import."))
    if len(data) > MAX_ZIP_BYTES:
        raise ImportRefused(N_("The zip file is larger than %(n)s MB."), n=MAX_ZIP_BYTES // (1024 * 1024))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportRefused(N_("This is not a readable zip file (it may be damaged or not a zip at all).")) from None
    if len(infos) > MAX_FILES:
        raise ImportRefused(N_("The zip holds more than %(n)s files."), n=MAX_FILES)
    mapping, total, problems = {}, 0, []
    for info in infos:
        name = info.filename
        if info.is_dir():
            continue
        if name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or ":" in name:
            problems.append((N_("'%(name)s': unsafe file name"), {"name": name}))
            continue
        if name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith("."):
            continue
        match, yaml_match = _PATH.match(name), _YAML.match(name)
        if not match and not yaml_match:
            problems.append((N_("'%(name)s': not a content file (expected content/nl/…/name.md or content/en/…/name.md)"),
                             {"name": name}))
            continue
        if info.file_size > MAX_FILE_BYTES:
            problems.append((N_("'%(name)s': larger than %(n)s kB"), {"name": name, "n": MAX_FILE_BYTES // 1024}))
            continue
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ImportRefused(N_("The files in the zip are larger than %(n)s MB together."),
                                n=MAX_TOTAL_BYTES // (1024 * 1024))
        try:
            raw = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            problems.append((N_("'%(name)s': damaged, cannot be unpacked"), {"name": name}))
            continue
        if len(raw) > MAX_FILE_BYTES:
            problems.append((N_("'%(name)s': larger than %(n)s kB"), {"name": name, "n": MAX_FILE_BYTES // 1024}))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append((N_("'%(name)s': not UTF-8 text"), {"name": name}))
            continue
        if match:
            key = match.group(1)
            if key in mapping:
                problems.append((N_("'%(name)s': appears twice"), {"name": name}))
            mapping[key] = text.replace("\r\n", "\n")
        elif yaml_files is not None and yaml_match.group(1) in YAML_FILES:
            yaml_files[yaml_match.group(1)] = text.replace("\r\n", "\n")
    if problems:
        raise ImportRefused(N_("The zip was refused and nothing was changed (%(n)s problems):"), details=problems[:10],
                            n=len(problems))
    if not mapping:
        raise ImportRefused(N_("The zip holds no content files (content/nl/… and content/en/…)."))
    missing_lang = [lang for lang in LANGS if not any(k.startswith(f"{lang}/") for k in mapping)]
    if missing_lang:
        raise ImportRefused(N_("The zip has no files for language: %(langs)s. Export a whole version and import that."),
                            langs=", ".join(missing_lang))
    unreadable = [f"{f.lang}/{f.rel_path}: {f.problems[0]}" for f in tree_from_mapping(mapping) if f.problems]
    if unreadable:
        raise ImportRefused(N_("The zip was refused and nothing was changed (%(n)s problems):"),
                            details=[("%(problem)s", {"problem": u}) for u in unreadable[:10]], n=len(unreadable))
    return mapping


def removed_keys(base: dict[str, str], imported: dict[str, str]) -> list[str]:
    return sorted(set(base) - set(imported))
