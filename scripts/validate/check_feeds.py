#!/usr/bin/env python3
"""Parse every Atom feed of the built sites with feedparser (no "bozo": the
feed must be well-formed and parse cleanly) and validate it with jing against
the RELAX NG grammar of RFC 4287 (schemas/atom.rnc).

usage: check_feeds.py [--jing JING] [--summary FILE] SITE_DIR...
Exit status 1 on any problem.
"""
import argparse
import pathlib
import re
import subprocess
import sys

import feedparser

SCHEMA = pathlib.Path(__file__).resolve().parent / "schemas" / "atom.rnc"


def check(path: pathlib.Path) -> tuple[list[str], int]:
    problems = []
    feed = feedparser.parse(path.read_bytes())
    if feed.bozo:
        problems.append(f"feedparser: {feed.bozo_exception!r}")
    if feed.version != "atom10":
        problems.append(f"feedparser reads it as {feed.version or 'no known format'}, not Atom 1.0")
    meta = feed.feed
    for key in ("id", "title", "updated"):
        if not meta.get(key):
            problems.append(f"the feed has no {key}")
    if not any(link.get("rel") == "self" for link in meta.get("links", [])):
        problems.append("the feed has no rel=self link")
    ids = set()
    for n, entry in enumerate(feed.entries, 1):
        for key in ("id", "title", "updated", "link"):
            if not entry.get(key):
                problems.append(f"entry {n} has no {key}")
        if not (entry.get("authors") or meta.get("authors")):
            problems.append(f"entry {n} has no author, and neither has the feed")
        if entry.get("id") in ids:
            problems.append(f"entry {n} repeats the id {entry.get('id')}")
        ids.add(entry.get("id"))
    return problems, len(feed.entries)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jing", default="jing")
    ap.add_argument("--summary")
    ap.add_argument("sites", nargs="+")
    args = ap.parse_args()

    feeds = [f for site in args.sites for f in sorted(pathlib.Path(site).rglob("feed.xml"))]
    problems = 0
    entries = 0
    for path in feeds:
        found, count = check(path)
        entries += count
        for problem in found:
            print(f"{path}: {problem}")
        problems += len(found)

    schema_errors = 0
    if feeds:
        proc = subprocess.run([args.jing, "-c", str(SCHEMA), *map(str, feeds)], capture_output=True, text=True)
        # The Debian wrapper warns on stderr about optional jars it cannot find.
        noise = re.compile(r"^\[warning\] .*jing: Unable to locate")
        lines = [l for l in (proc.stdout + proc.stderr).splitlines() if l.strip() and not noise.match(l)]
        for line in lines:
            print(f"jing: {line}")
        schema_errors = len(lines)
        if proc.returncode != 0 and not lines:
            print(f"jing failed with exit status {proc.returncode}")
            schema_errors = 1

    summary = (
        f"feeds (feedparser {feedparser.__version__}, jing with RFC 4287 RELAX NG): {len(feeds)} feeds, "
        f"{entries} entries checked, {problems} parse problems, {schema_errors} schema errors"
    )
    if args.summary:
        pathlib.Path(args.summary).write_text(summary + "\n", encoding="utf-8")
    else:
        print(summary)
    return 1 if problems or schema_errors or not feeds else 0


if __name__ == "__main__":
    sys.exit(main())
