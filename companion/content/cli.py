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
