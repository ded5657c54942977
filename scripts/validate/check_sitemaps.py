#!/usr/bin/env python3
"""Validate every sitemap.xml of the built sites with xmllint against the
sitemaps.org 0.9 schema (schemas/sitemap.xsd, with the declaration of the
<xhtml:link> hreflang alternates from schemas/xhtml-link.xsd).

A sitemap.xml that is a sitemap index (a site beyond the protocol's 50,000
addresses a file) is checked for its shape: each <sitemap> has one absolute
<loc> of a file next to it in the site, listed once; each of those files is
then validated as above.

usage: check_sitemaps.py [--summary FILE] SITE_DIR...
Exit status 1 on any problem.
"""
import argparse
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

SCHEMA = pathlib.Path(__file__).resolve().parent / "schemas" / "sitemap-hreflang.xsd"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--summary")
    ap.add_argument("sites", nargs="+")
    args = ap.parse_args()

    sitemaps = [pathlib.Path(site) / "sitemap.xml" for site in args.sites]
    errors = 0
    urls = 0
    for index in list(sitemaps):
        if not index.is_file() or ET.parse(index).getroot().tag != f"{NS}sitemapindex":
            continue
        sitemaps.remove(index)
        locs = []
        for entry in ET.parse(index).getroot():
            found = [loc.text or "" for loc in entry.iter(f"{NS}loc")]
            if entry.tag != f"{NS}sitemap" or len(found) != 1:
                print(f"{index}: an entry that is not one <sitemap> with one <loc>")
                errors += 1
                continue
            locs.append(found[0])
        if not locs or len(locs) != len(set(locs)):
            print(f"{index}: a sitemap index with no sitemap, or one listed twice")
            errors += 1
        for loc in locs:
            name = loc.rsplit("/", 1)[-1]
            if not loc.startswith(("https://", "http://")) or not (index.parent / name).is_file():
                print(f"{index}: {loc} is not an absolute address of a sitemap next to it")
                errors += 1
                continue
            sitemaps.append(index.parent / name)
    for path in sitemaps:
        if not path.is_file():
            print(f"{path}: missing")
            errors += 1
            continue
        proc = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMA), str(path)],
                              capture_output=True, text=True)
        lines = [l for l in proc.stderr.splitlines() if l.strip() and not l.endswith(" validates")]
        if proc.returncode != 0:
            for line in lines:
                print(line)
            errors += max(1, sum(1 for l in lines if "error" in l.lower()))
            continue
        locs = [loc.text for loc in ET.parse(path).getroot().iter(f"{NS}loc")]
        urls += len(locs)
        if len(locs) != len(set(locs)):
            print(f"{path}: an address is listed twice")
            errors += 1
        if len(locs) > 50000:
            print(f"{path}: more than 50,000 addresses")
            errors += 1

    summary = f"sitemap (xmllint, sitemaps.org 0.9 schema): {len(sitemaps)} sitemaps, {urls} addresses checked, {errors} errors"
    if args.summary:
        pathlib.Path(args.summary).write_text(summary + "\n", encoding="utf-8")
    else:
        print(summary)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
