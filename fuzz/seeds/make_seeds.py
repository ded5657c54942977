#!/usr/bin/env python3
"""Regenerates the seed corpora under fuzz/seeds/ from the example policies
in policies/. Run from the repository root: python3 fuzz/seeds/make_seeds.py

Needs PyYAML (only to pull section bodies out for the markdown and diff seeds;
the yaml_loader seeds are the files themselves, byte for byte)."""

import pathlib
import shutil

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"
SEEDS = ROOT / "fuzz" / "seeds"
SEP = "\n#%%\n"


def read(path):
    return (POLICIES / path).read_text(encoding="utf-8")


def reset(name):
    d = SEEDS / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


def write(d, name, text):
    (d / name).write_text(text, encoding="utf-8")


PAIRS = {
    # policy: (old version, new version)
    "zimbra": ("2005-08", "2006-02"),
    "mozilla": ("2008-04", "2008-11"),
}

# yaml_loader: every source file alone, and each policy as a whole project.
d = reset("yaml_loader")
for path in sorted(POLICIES.rglob("*.yaml")):
    rel = path.relative_to(POLICIES)
    write(d, "-".join(rel.parts), path.read_text(encoding="utf-8"))
for policy, (old, new) in PAIRS.items():
    parts = [
        read(f"{policy}/{new}/en.yaml"),
        read(f"{policy}/{old}/en.yaml"),
        read(f"{policy}/{new}/fr.yaml"),
        read(f"{policy}/policy.yaml"),
        read("site.yaml"),
    ]
    write(d, f"project-{policy}.txt", SEP.join(p.rstrip("\n") for p in parts) + "\n")


def flat(sections, depth=0):
    for s in sections or []:
        yield depth, s
        yield from flat(s.get("sections"), depth + 1)


def sections_text(doc):
    lines = []
    for depth, s in flat(doc.get("sections")):
        lines.append("@" * (depth + 1) + s["id"] + ("!" if s.get("material") is False else "")
                     + " " + (s.get("title") or ""))
        lines.append((s.get("body") or "").rstrip("\n"))
    return "\n".join(lines)


def load(path):
    return yaml.safe_load(read(path))


# markdown: every distinct section body and change summary of the newest versions.
d = reset("markdown")
seen = set()
for policy, (_, new) in PAIRS.items():
    for locale in ("en", "fr"):
        doc = load(f"{policy}/{new}/{locale}.yaml")
        texts = [(doc.get("change") or {}).get("summary")]
        texts += [s.get("body") for _, s in flat(doc.get("sections"))]
        for i, text in enumerate(texts):
            if text and text not in seen:
                seen.add(text)
                write(d, f"{policy}-{new}-{locale}-{i:02}.md", text)

# diff: each pair of versions with their translations, and with itself.
d = reset("diff")
for policy, (old, new) in PAIRS.items():
    words = " ".join(yaml.safe_load(read(f"{policy}/policy.yaml")).get("material_words") or [])
    o, n = load(f"{policy}/{old}/en.yaml"), load(f"{policy}/{new}/en.yaml")
    of, nf = load(f"{policy}/{old}/fr.yaml"), load(f"{policy}/{new}/fr.yaml")
    write(d, f"{policy}-translated.txt",
          SEP.join([sections_text(o), sections_text(n), sections_text(of), sections_text(nf), words]))
    write(d, f"{policy}-source.txt", SEP.join([sections_text(o), sections_text(n)]))
    # Small seeds mutate faster: each section that changed between the versions.
    olds = {s["id"]: s for _, s in flat(o.get("sections"))}
    news = {s["id"]: s for _, s in flat(n.get("sections"))}
    for i, sid in enumerate(sorted(set(olds) | set(news))):
        a, b = olds.get(sid), news.get(sid)
        if a and b and a.get("title") == b.get("title") and a.get("body") == b.get("body"):
            continue
        side = lambda s: sections_text({"sections": [dict(s, sections=None)]}) if s else ""
        write(d, f"{policy}-section-{sid}.txt", SEP.join([side(a), side(b)]) + SEP + SEP + SEP + words)
