"""`flask --app app content check|stamp`."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from companion.content.check import check_tree
from companion.content.files import read_tree, write_meta

content_cli = AppGroup("content", help="Check and maintain the study content files.")


@content_cli.command("check")
@click.option("--quiet", is_flag=True, help="Do not print each section's readability score.")
def check_command(quiet: bool):
    """Check all content in both languages: exit 1 with one line per problem, or 0 with the
    readability scores, the warnings and a summary."""
    files, report = check_tree(current_app.config["CONTENT_DIR"])
    if report.errors:
        for error in report.errors:
            click.echo(f"error {error}")
        sys.exit(1)
    if not quiet:
        for lang, rel_path, score in report.scores:
            if rel_path.startswith("info/"):
                click.echo(f"score {lang}/{rel_path}: {score.describe()} ({score.words} words)")
    for warning in report.warnings:
        click.echo(f"warning {warning}")
    pairs = len({f.rel_path for f in files})
    click.echo(f"ok: {len(files)} files, {pairs} items in nl and en: "
               f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    click.echo(f"site facts: {_unfilled()} unfilled")


def _unfilled() -> int:
    from companion.db import connect
    from companion.site.cli import unfilled_count

    db = connect(current_app.config["DATABASE"])
    try:
        return unfilled_count(db, current_app.config["CONTENT_DIR"])
    finally:
        db.conn.close()


@content_cli.command("stamp")
@click.argument("paths", nargs=-1)
@click.option("--new", "only_new", is_flag=True, help="Stamp every pair that has no hash yet.")
def stamp_command(paths, only_new: bool):
    """Record that a pair says the same in both languages (writes both files' translation_of).

    PATHS are relative to content/<lang>/ (e.g. info/parents/costs.md); a leading nl/ or en/ is allowed."""
    content_dir = current_app.config["CONTENT_DIR"]
    files = {(f.lang, f.rel_path): f for f in read_tree(content_dir) if not f.problems}
    wanted = {p.split("/", 1)[1] if p.split("/", 1)[0] in ("nl", "en") else p for p in paths}
    if only_new:
        wanted |= {rel for (lang, rel), f in files.items()
                   if "translation_of" not in f.meta or "translation_of" not in files.get(
                       ("en" if lang == "nl" else "nl", rel), f).meta}
    if not wanted:
        raise click.UsageError("name the items to stamp, or use --new")
    for rel in sorted(wanted):
        nl, en = files.get(("nl", rel)), files.get(("en", rel))
        if not nl or not en:
            click.echo(f"skipped {rel}: needs both nl and en", err=True)
            continue
        write_meta(content_dir, "nl", rel, {"translation_of": en.text_hash})
        write_meta(content_dir, "en", rel, {"translation_of": nl.text_hash})
        click.echo(f"stamped {rel}")


@content_cli.command("confirm")
@click.argument("paths", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every flagged chat answer and checklist item (after reading each).")
def confirm_command(paths, every: bool):
    """Record that a chat answer or checklist item still agrees with its information section
    (writes its `section_checked`). PATHS are relative to content/<lang>/ (e.g. chat/costs.md);
    both languages are confirmed; a leading nl/ or en/ confirms only that language."""
    from companion.content import truth

    content_dir = current_app.config["CONTENT_DIR"]
    files = [f for f in read_tree(content_dir) if not f.problems]
    flagged = {(item.lang, item.rel_path): section for item, section in truth.review_needed(files)}
    wanted = set()
    for path in paths:
        head, _, rest = path.partition("/")
        wanted |= {(head, rest)} if head in ("nl", "en") else {("nl", path), ("en", path)}
    if every:
        wanted |= set(flagged)
    if not wanted:
        raise click.UsageError("name the texts to confirm, or use --all")
    for lang, rel in sorted(wanted):
        section = flagged.get((lang, rel))
        if section is None:
            click.echo(f"nothing to confirm: {lang}/{rel}", err=True)
            continue
        write_meta(content_dir, lang, rel, {truth.STAMP: truth.section_stamp(section)})
        click.echo(f"confirmed {lang}/{rel} against {lang}/{section.rel_path}")


@content_cli.command("dossier")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option("--version", "version_ref", help="Version id or hash (default: the live version).")
def dossier_command(path: str, version_ref: str | None):
    """Write the ethics-committee dossier of a content version as a PDF at PATH."""
    from pathlib import Path

    from companion.db import connect
    from companion.staff.dossier import UnknownVersion, dossier_pdf, find_version

    db = connect(current_app.config["DATABASE"])
    try:
        try:
            version = find_version(db, version_ref)
        except UnknownVersion:
            click.echo(f"There is no content version '{version_ref}'. The staff area lists the versions "
                       "(Content, Versions); give its number or its hash." if version_ref else
                       "No content version is live yet: run `flask --app app init-db` first.", err=True)
            sys.exit(1)
        pdf = dossier_pdf(db, version)
    finally:
        db.conn.close()
    try:
        Path(path).write_bytes(pdf)
    except OSError as exc:
        click.echo(f"Could not write {path}: {exc.strerror}.", err=True)
        sys.exit(1)
    click.echo(f"dossier of version {version['id']} ({version['hash']}): {path}, {len(pdf) // 1024} KB")
