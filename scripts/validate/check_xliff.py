#!/usr/bin/env python3
"""Read XLIFF files exported by `privsite xliff export` with translate-toolkit
and check them against the project they were exported from (scripts/check-xliff).

usage: check_xliff.py PROJECT FILE.xlf...
Prints each problem; exit status 1 when there is any.
"""

import os
import re
import sys

import yaml
from translate.storage import xliff

STATES = {"needs-translation", "needs-review-translation", "translated"}


def fields(version_file):
    """Every translatable field of a version file, by unit id."""
    with open(version_file, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    out = {}
    if data.get("title"):
        out["title"] = data["title"]
    summary = (data.get("change") or {}).get("summary")
    if summary:
        out["summary"] = summary.lstrip()

    def walk(sections):
        for section in sections or []:
            if section.get("title"):
                out[f"{section['id']}/title"] = section["title"]
            if section.get("body"):
                out[f"{section['id']}/body"] = section["body"]
            walk(section.get("sections"))

    walk(data.get("sections"))
    return out


def main():
    project, files = sys.argv[1], sys.argv[2:]
    problems = []
    units_read = 0
    states_seen = set()
    for path in files:
        store = xliff.xlifffile.parsefile(path)
        node = store.document.getroot().find("{urn:oasis:names:tc:xliff:document:1.2}file")
        original = node.get("original")
        target_language = node.get("target-language")
        source = fields(os.path.join(project, original))
        translation_file = os.path.join(os.path.dirname(os.path.join(project, original)), f"{target_language}.yaml")
        translated = fields(translation_file) if os.path.exists(translation_file) else {}
        seen = set()
        for unit in store.getunits():
            units_read += 1
            uid = unit.xmlelement.get("id")
            seen.add(uid)
            where = f"{os.path.basename(path)} unit {uid}"
            if uid not in source:
                problems.append(f"{where}: not a field of {original}")
                continue
            # The source with its tags read back is the source Markdown.
            if unit.source.rstrip("\n") != str(source[uid]).rstrip("\n"):
                problems.append(f"{where}: the source read back differs from {original}")
            target_el = unit.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target")
            if uid in translated:
                if target_el is None:
                    problems.append(f"{where}: the translation has it, the file has no target")
                elif unit.target.rstrip("\n") != str(translated[uid]).rstrip("\n"):
                    problems.append(f"{where}: the target read back differs from the translation")
            if target_el is not None:
                state = target_el.get("state")
                states_seen.add(state)
                if state not in STATES:
                    problems.append(f"{where}: state {state!r}")
                if (state == "translated") != unit.isapproved():
                    problems.append(f"{where}: approved only when translated and current")
            elif uid in translated:
                problems.append(f"{where}: no target")
            if not re.fullmatch(r"[A-Za-z0-9._-]+(/(title|body))?", uid):
                problems.append(f"{where}: unexpected id")
        missing = set(source) - seen
        if missing:
            problems.append(f"{os.path.basename(path)}: no unit for {sorted(missing)}")
    for problem in problems:
        print(problem)
    # The corpus has translations current and out of date: both must show.
    for state in ("translated", "needs-review-translation"):
        if state not in states_seen:
            print(f"no unit has the state {state}")
            problems.append(state)
    print(f"xliff (translate-toolkit): {len(files)} files, {units_read} units, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
