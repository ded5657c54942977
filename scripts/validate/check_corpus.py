#!/usr/bin/env python3
"""Check that the built feature corpus (tests/sites/features/) still shows
every feature it is there to put in front of the validators, so that a
change in privsite cannot quietly leave a feature unvalidated.

usage: check_corpus.py SITE_DIR
Prints what is missing; exit status 1 when anything is.
"""
import json
import pathlib
import sys

# (what, file relative to the site, text the file must contain)
EXPECTED = [
    ("a right-to-left page", "privacy/ar/index.html", '<html lang="ar" dir="rtl">'),
    ("a right-to-left source language", "terms/index.html", '<html lang="ar" dir="rtl">'),
    ("source text inside a translated page", "terms/en/index.html", 'lang="ar" dir="auto"'),
    ("a partial translation falling back to the source", "privacy/de/index.html", "is-untranslated"),
    ("a stale translation", "privacy/de/index.html", "untranslated-note--stale"),
    ("the earlier translation under an original that changed in meaning", "privacy/de/index.html", 'class="earlier-translation"'),
    ("a translation kept through a spelling fix of its original", "cookies/ar/index.html", '<section id="what-cookies-are" class="policy-section">\n<h2 class="policy-section__title">ما هي'),
    ("a translation kept through a new title of its original", "cookies/ar/index.html", '<section id="choices" class="policy-section">\n<h2 class="policy-section__title">خياراتك'),
    ("a locale without CLDR date formats, with ISO dates", "cookies/kab/index.html", '<time datetime="2026-11-20">2026-11-20</time>'),
    ("a version with no file in a locale", "privacy/de/2025-03/index.html", "translation-note--none"),
    ("a cosmetic change", "privacy/en/2024-07/changes/index.html", "classification--cosmetic"),
    ("a minor change", "privacy/en/2025-03/changes/index.html", "classification--minor"),
    ("a change of level none", "privacy/en/2025-09/changes/index.html", "classification--none"),
    ("a level declared over the automatic one", "privacy/en/2026-02/changes/index.html", "classification__note"),
    ("a material change", "privacy/en/2026-12/changes/index.html", "classification--material"),
    ("a moved paragraph", "privacy/en/2026-12/changes/index.html", "redline-block--moved_here"),
    ("an added section", "privacy/en/2026-12/changes/index.html", "redline-section--added"),
    ("a removed section", "privacy/en/2026-12/changes/index.html", "redline-section--removed"),
    ("a moved section", "privacy/en/2026-12/changes/index.html", "redline-section--moved"),
    ("a change recorded in two sections, read as one", "privacy/en/2026-12/changes/index.html", 'Number changed in <a href="#usage-data"><bdi>Usage Data</bdi></a> and <a href="#retention">'),
    ("a table in a redline", "privacy/en/2026-12/changes/index.html", '<div class="redline-table'),
    ("a changed table cell", "privacy/en/2026-12/changes/index.html", "redline-cell--changed"),
    ("an added table row", "privacy/en/2026-12/changes/index.html", "redline-row--added"),
    ("a removed table row", "privacy/en/2026-12/changes/index.html", "redline-row--removed"),
    ("an added table column", "privacy/en/2026-12/changes/index.html", "redline-tag--added"),
    ("a raw HTML table read as a table", "privacy/en/2026-12/changes/index.html", '<td class="redline-cell redline-cell--both" dir="auto">Hosting Co.</td>'),
    ("a sub-item added to a nested list", "privacy/en/2026-12/changes/index.html", 'redline-item redline-item--new'),
    ("a right-to-left change page quoting in reading order", "privacy/ar/2026-12/changes/index.html", "» ← «"),
    ("an upcoming version announced on the current page", "privacy/en/index.html", "banner--upcoming"),
    ("an upcoming version's own page", "privacy/en/2026-12/index.html", "status--upcoming"),
    ("a policy whose first version is upcoming", "index.html", "policy-card__upcoming"),
    ("a replaced version", "privacy/en/2024-01/index.html", "banner--superseded"),
    ("a Markdown table", "privacy/en/2026-02/index.html", "<table>"),
    ("a raw HTML table with a caption", "privacy/en/2026-02/index.html", "<caption>"),
    ("footnotes", "privacy/en/2026-02/index.html", 'class="footnote-definition"'),
    ("a heading inside a body", "privacy/en/2026-02/index.html", 'id="retention-periods"'),
    ("a heading with its own anchor", "privacy/en/2026-02/index.html", 'id="backups"'),
    ("a section nested three deep", "privacy/en/2026-02/index.html", '<section id="device-data" class="policy-section">\n<h4 '),
    ("an in-page link to a non-ASCII anchor", "privacy/fr/2026-02/index.html", 'href="#dur%C3%A9es-de-conservation"'),
    ("a code block", "privacy/en/2026-02/index.html", "<pre><code>"),
    ("an announcement email in Arabic", "privacy/announcements/2026-12.ar.eml", "Content-Language: ar"),
    ("an announcement email with List-Unsubscribe", "cookies/announcements/2026-11.en.eml", "List-Unsubscribe: <https://"),
    ("a homepage notice in Arabic", "privacy/ar/notice.html", 'dir="rtl"'),
]


def main() -> int:
    site = pathlib.Path(sys.argv[1])
    missing = []
    for what, rel, text in EXPECTED:
        path = site / rel
        if not path.is_file() or text not in path.read_text(encoding="utf-8"):
            missing.append(f"{what}: {rel} has no {text!r}")
    for policy, version in (("privacy", "2026-12"), ("cookies", "2026-11")):
        notice = json.loads((site / policy / "en" / "notice.json").read_text(encoding="utf-8"))
        if not notice.get("active") or notice.get("version") != version:
            missing.append(f"an active notice: {policy}/en/notice.json is not active for {version}")
    if (site / "privacy/en/2027-03").exists():
        missing.append("a draft left out of the build: privacy/en/2027-03/ was built")
    for line in missing:
        print(f"feature corpus no longer shows {line}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
