#!/usr/bin/env python3
"""Check that every link inside the built sites resolves, with lychee
(offline, fragments included), and that every hreflang alternate is a page
of the site that names the first page back.

Addresses under a site's base_url (canonical and alternate links, the
notices, the feeds, the sitemap, the emails) are remapped to the site's
files, so lychee checks them offline too. Addresses lychee does not read
(those in feed.xml, sitemap.xml, notice.json and the plain-text email parts)
are gathered into one generated HTML page per site that lychee checks along
with the rest.

usage: links.py --lychee LYCHEE --work DIR [--summary FILE] [--email-html DIR]... SITE_DIR...
Exit status 1 on any broken link, 2 when lychee itself fails.
"""
import argparse
import email
import email.policy
import html
import html.parser
import json
import pathlib
import re
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HREF = re.compile(r"""href=["']([^"']+)["']""")
PLAIN_URL = re.compile(r"https?://[^\s<>\"\]]+")


class Head(html.parser.HTMLParser):
    """The canonical and hreflang alternate links of a page."""

    def __init__(self):
        super().__init__()
        self.canonical = None
        self.alternates: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag != "link":
            return
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if "canonical" in rel:
            self.canonical = a.get("href")
        if "alternate" in rel and a.get("hreflang"):
            self.alternates.append((a["hreflang"], a.get("href") or ""))


def head_of(path: pathlib.Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local_file(site: pathlib.Path, base: str, url: str) -> pathlib.Path | None:
    """The file of `site` that an absolute address under `base` names."""
    url = urllib.parse.urldefrag(url)[0]
    if not url.startswith(base):
        return None
    rest = urllib.parse.unquote(url[len(base):])
    path = site / rest
    if rest == "" or rest.endswith("/"):
        path = path / "index.html"
    return path


def parse_xml(path: pathlib.Path, problems: list[str]):
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as err:
        problems.append(f"{path}: cannot read its links, it is not well-formed XML ({err})")
        return ET.Element("none")


def gather_absolute(site: pathlib.Path, problems: list[str]) -> list[tuple[str, str]]:
    """(address, where it was found) for the addresses lychee cannot read itself."""
    found = []
    for feed in sorted(site.rglob("feed.xml")):
        rel = feed.relative_to(site)
        root = parse_xml(feed, problems)
        for link in root.iter(f"{ATOM}link"):
            found.append((link.get("href", ""), f"{rel}: <link>"))
        for content in root.iter(f"{ATOM}content"):
            for href in HREF.findall(content.text or ""):
                found.append((html.unescape(href), f"{rel}: entry content"))
    for sitemap in sorted(site.rglob("sitemap.xml")):
        rel = sitemap.relative_to(site)
        root = parse_xml(sitemap, problems)
        for loc in root.iter(f"{SITEMAP}loc"):
            found.append(((loc.text or "").strip(), f"{rel}: <loc>"))
        for link in root.iter(f"{XHTML}link"):
            found.append((link.get("href", ""), f"{rel}: <xhtml:link hreflang={link.get('hreflang')}>"))
    for notice in sorted(site.rglob("notice.json")):
        rel = notice.relative_to(site)
        try:
            data = json.loads(notice.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            problems.append(f"{notice}: cannot read its links, it is not JSON ({err})")
            continue
        for key in ("url", "changes_url"):
            if data.get(key):
                found.append((data[key], f"{rel}: {key}"))
        for href in HREF.findall(data.get("summary_html") or ""):
            found.append((html.unescape(href), f"{rel}: summary_html"))
    for eml in sorted(site.glob("*/announcements/*.eml")):
        rel = eml.relative_to(site)
        try:
            message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    for url in PLAIN_URL.findall(part.get_content()):
                        found.append((url.rstrip(".,;:)"), f"{rel}: text/plain part"))
        except Exception as err:  # check-emails.py says what is wrong with it
            problems.append(f"{eml}: cannot read its links ({err!r})")
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lychee", default="lychee")
    ap.add_argument("--work", required=True)
    ap.add_argument("--summary")
    ap.add_argument("--email-html", action="append", default=[])
    ap.add_argument("sites", nargs="+")
    args = ap.parse_args()

    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    inputs: list[str] = []
    remaps: list[str] = []
    origins: dict[tuple[str, int], str] = {}  # (generated file, line) -> where the address was found
    bases: list[tuple[pathlib.Path, str]] = []
    alternates = pages_with_alternates = 0

    for n, site_arg in enumerate(args.sites):
        site = pathlib.Path(site_arg).resolve()
        index = site / "index.html"
        base = head_of(index).canonical if index.exists() else None
        if not base or not base.endswith("/"):
            print(f"{index}: no canonical link to the site's address; cannot map its absolute links")
            return 2
        bases.append((site, base))
        remaps += ["--remap", f"^{re.escape(base)}(.*)$ file://{site.as_posix()}/$1"]
        inputs.append(f"{site.as_posix()}/**/*.html")

        # Addresses in files lychee does not read as HTML.
        generated = work / f"site-{n}-addresses.html"
        lines = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>addresses</title></head><body>']
        for url, where in gather_absolute(site, problems):
            lines.append(f'<p><a href="{html.escape(url)}">{html.escape(where)}</a></p>')
            origins[(str(generated), len(lines))] = f"{site}/{where}"
        lines.append("</body></html>")
        generated.write_text("\n".join(lines) + "\n", encoding="utf-8")
        inputs.append(str(generated))

        # hreflang: every alternate is a file of the site, and names this page back.
        heads = {}
        for page in sorted(site.rglob("*.html")):
            if page.name == "notice.html":
                continue
            heads[page] = head_of(page)
        for page, head in heads.items():
            if head.alternates:
                pages_with_alternates += 1
            for lang, href in head.alternates:
                alternates += 1
                target = local_file(site, base, href)
                where = f"{page}: <link rel=alternate hreflang={lang} href={href}>"
                if target is None:
                    problems.append(f"{where}: not an address of this site ({base})")
                elif not target.is_file():
                    problems.append(f"{where}: no such file {target}")
                elif lang != "x-default" and head.canonical:
                    back = [h for _, h in heads.get(target, Head()).alternates]
                    if head.canonical not in back:
                        problems.append(f"{where}: that page has no alternate link back to {head.canonical}")

    for folder in args.email_html:
        inputs.append(f"{pathlib.Path(folder).resolve().as_posix()}/**/*.html")

    report_file = work / "lychee.json"
    proc = subprocess.run(
        [args.lychee, "--offline", "--include-fragments", "--no-progress", "--index-files", "index.html",
         "--format", "json", "--output", str(report_file), *remaps, "--", *inputs],
        capture_output=True, text=True,
    )
    try:
        report = json.loads(report_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        print(f"links: lychee gave no report (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return 2

    broken = 0
    for source, errors in sorted((report.get("error_map") or {}).items()):
        for err in errors:
            broken += 1
            span = err.get("span") or {}
            line = span.get("line")
            shown = origins.get((source, line), f"{source}:{line}:{span.get('column')}")
            original = ((err.get("remap") or {}).get("original") or {}).get("url")
            status = (err.get("status") or {}).get("text", "")
            via = f" (for {original})" if original else ""
            print(f"{shown}: broken link {err.get('url')}{via}: {status}")
    for problem in problems:
        print(problem)

    version = subprocess.run([args.lychee, "--version"], capture_output=True, text=True).stdout.split()[-1]
    checked = report.get("successful", 0) + report.get("errors", 0)
    summary = (
        f"links (lychee {version}, offline, with fragments): {checked} links checked, "
        f"{report.get('excludes', 0)} outside the sites skipped, {broken} broken; "
        f"hreflang: {alternates} alternates in {pages_with_alternates} pages, {len(problems)} problems"
    )
    if args.summary:
        pathlib.Path(args.summary).write_text(summary + "\n", encoding="utf-8")
    else:
        print(summary)
    if proc.returncode not in (0, 2) and not broken:
        print(f"links: lychee failed (exit {proc.returncode}): {proc.stderr.strip()}")
        return 2
    return 1 if broken or problems or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
