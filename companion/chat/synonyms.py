"""Checking the chat's synonym list (synonyms.yaml) before it is published or used.

The list is staff-editable and part of each content version. A mistake in it should be a
clear message in `content check` and in the staff editor, never a chat that silently
matches worse."""
import re

import yaml

from .normalise import normalise

FILE_NAME = "synonyms.yaml"
_GROUP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_TERMS = 5000


def problems(text: str) -> list[str]:
    """Plain sentences, one per problem; empty when the list is fine."""
    try:
        data = yaml.safe_load(text or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return [f"synonyms.yaml is not valid YAML{where}"]
    if data is None:
        return []
    groups = data.get("groups") if isinstance(data, dict) and "groups" in data else data
    if not isinstance(groups, dict):
        return ["synonyms.yaml must hold 'groups:' with one line per group: name: [word, other word]"]
    found, owner, count = [], {}, 0
    for name, terms in groups.items():
        if not isinstance(name, str) or not _GROUP_NAME.match(name):
            found.append(f"group name {str(name)[:40]!r}: use lower-case letters a-z, digits and _ only")
            continue
        if not isinstance(terms, list) or not terms:
            found.append(f"group {name!r}: give a list of words, for example {name}: [word, other word]")
            continue
        for term in terms:
            count += 1
            if not isinstance(term, (str, int)) or not normalise(str(term)):
                found.append(f"group {name!r}: {str(term)[:40]!r} is not a word")
                continue
            key = normalise(str(term))
            if key in owner and owner[key] != name:
                found.append(f"{key!r} is in two groups ({owner[key]!r} and {name!r}): keep it in one")
            owner.setdefault(key, name)
    if count > MAX_TERMS:
        found.append(f"synonyms.yaml has {count} words; at most {MAX_TERMS}")
    return found
