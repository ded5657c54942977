#!/usr/bin/env python3
"""Send files exported by `privsite xliff export` through translate-toolkit
and back with `privsite xliff import` (scripts/check-xliff).

1. Each file is read and written again by translate-toolkit, as a tool would
   save it untouched; importing it must change no byte of the project.
2. Each file is then "translated" the way a tool does it: every unit without
   a target gets one made from its source (the words upper-cased, the tags
   kept as they are), and every out-of-date unit is marked reviewed. Importing
   must succeed, `privsite check` must pass, and the translation files must
   hold exactly those texts (read with PyYAML). Exported again, every unit of
   every file must be translated and current: nothing missing or out of date.

usage: xliff_roundtrip.py PRIVSITE CORPUS FILE.xlf...
Prints each problem; exit status 1 when there is any.
"""

import copy
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

from lxml import etree
from translate.storage import xliff

import check_xliff

NS = "urn:oasis:names:tc:xliff:document:1.2"
Q = "{%s}" % NS


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return result.returncode, result.stdout + result.stderr


def same_tree(a, b):
    """Files of a that differ from b (both trees of files)."""
    cmp = filecmp.dircmp(a, b)
    out = [os.path.join(a, f) for f in cmp.diff_files + cmp.left_only + cmp.right_only]
    for sub in cmp.common_dirs:
        out += same_tree(os.path.join(a, sub), os.path.join(b, sub))
    return out


def fields(path):
    """Every translatable field of a version file, by unit id (none when
    there is no file)."""
    return check_xliff.fields(path) if os.path.exists(path) else {}


def translated_copy(source):
    """A <target> made from <source>: its words upper-cased, tags kept."""
    target = copy.deepcopy(source)
    target.tag = Q + "target"
    target.set("state", "translated")

    def upper(text):
        return text.upper() if text else text

    target.text = upper(target.text)
    for child in target:
        child.tail = upper(child.tail)
    return target


def text_of(element):
    """The Markdown a <source> or <target> stands for."""
    return "".join(element.itertext())


def main(privsite, corpus, files):
    problems = []
    work = tempfile.mkdtemp()
    project = os.path.join(work, "project")
    shutil.copytree(corpus, project)
    saved_dir = os.path.join(work, "saved")
    os.mkdir(saved_dir)

    # 1. Saved untouched by translate-toolkit: no byte changes.
    for path in files:
        store = xliff.xlifffile.parsefile(path)
        saved = os.path.join(saved_dir, os.path.basename(path))
        with open(saved, "wb") as f:
            f.write(bytes(store))
        code, out = run([privsite, "xliff", "import", "--root", project, saved])
        if code != 0:
            problems.append(f"{saved}: import of an untouched file failed:\n{out}")
    for changed in same_tree(os.path.join(project, "policies"), os.path.join(corpus, "policies")):
        problems.append(f"{changed}: changed by importing untouched files")

    # 2. Translated and reviewed in the tool: imported, checked, current.
    expected = {}
    for path in files:
        tree = etree.parse(os.path.join(saved_dir, os.path.basename(path)))
        file_el = tree.find(Q + "file")
        original = file_el.get("original")
        locale = file_el.get("target-language")
        yaml_path = os.path.join(project, os.path.dirname(original), f"{locale}.yaml")
        for unit in tree.iter(Q + "trans-unit"):
            source = unit.find(Q + "source")
            target = unit.find(Q + "target")
            if target is None:
                target = translated_copy(source)
                source.addnext(target)
                expected[(yaml_path, unit.get("id"))] = text_of(target)
            elif target.get("state") == "needs-review-translation":
                target.set("state", "translated")
        tree.write(path, xml_declaration=True, encoding="UTF-8")
        code, out = run([privsite, "xliff", "import", "--root", project, path])
        if code != 0:
            problems.append(f"{path}: import of the translated file failed:\n{out}")
    code, out = run([privsite, "check", "--root", project])
    if code != 0:
        problems.append(f"privsite check after the imports failed:\n{out}")
    for (yaml_path, unit_id), text in sorted(expected.items()):
        found = fields(yaml_path).get(unit_id)
        if found != text:
            problems.append(f"{yaml_path}: {unit_id} is {found!r}, expected {text!r}")
    for path in files:
        tree = etree.parse(path)
        file_el = tree.find(Q + "file")
        policy, version = file_el.get("original").split("/")[1:3]
        again = os.path.join(work, "again.xlf")
        code, out = run([privsite, "xliff", "export", policy, "--root", project,
                         "--version", version, "--locale", file_el.get("target-language"),
                         "--output", again])
        if code != 0:
            problems.append(f"{path}: export after import failed:\n{out}")
            continue
        for unit in etree.parse(again).iter(Q + "trans-unit"):
            target = unit.find(Q + "target")
            state = None if target is None else target.get("state")
            if state != "translated":
                problems.append(f"{path}: after import, unit {unit.get('id')} is {state or 'not translated'}")
    shutil.rmtree(work)
    for problem in problems:
        print(problem)
    print(f"xliff round trip (translate-toolkit, import): {len(files)} files, "
          f"{len(expected)} units translated, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
