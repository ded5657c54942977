#!/usr/bin/env python3
"""Run the Nu HTML Checker (vnu) once over every page of the built sites,
every homepage-notice fragment (wrapped in a minimal document, since a
fragment is not a page) and every HTML part of the announcement emails
(extracted by check-emails.py), and report each error and warning with the
file it really comes from.

usage: html.py --vnu VNU_JAR --work DIR [--summary FILE] SITE_DIR... [--email-html DIR]
Exit status 1 on any error or warning, 2 when vnu itself fails.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import urllib.parse

# A fragment is wrapped on one line, so that its line N is line N + 1 of the
# wrapped copy.
WRAP_BEFORE = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Homepage notice fragment</title></head><body>\n"
)
WRAP_AFTER = "\n</body></html>\n"


def fragment_lang(path: pathlib.Path) -> str:
    # <site>/<policy>/<locale>/notice.html
    return path.parent.name


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vnu", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--summary")
    ap.add_argument("--email-html", action="append", default=[])
    ap.add_argument("sites", nargs="+")
    args = ap.parse_args()

    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    origin: dict[pathlib.Path, tuple[str, int]] = {}  # checked file -> (shown name, line offset)
    pages: list[pathlib.Path] = []
    fragments: list[pathlib.Path] = []
    emails: list[pathlib.Path] = []

    for n, site in enumerate(args.sites):
        site = pathlib.Path(site).resolve()
        for path in sorted(site.rglob("*.html")):
            if path.name == "notice.html":
                text = path.read_text(encoding="utf-8")
                wrapped = work / "fragments" / str(n) / path.relative_to(site)
                wrapped.parent.mkdir(parents=True, exist_ok=True)
                wrapped.write_text(
                    WRAP_BEFORE.format(lang=fragment_lang(path)) + text + WRAP_AFTER,
                    encoding="utf-8",
                )
                origin[wrapped.resolve()] = (str(path), -1)
                fragments.append(wrapped.resolve())
            else:
                origin[path] = (str(path), 0)
                pages.append(path)
    for folder in args.email_html:
        for path in sorted(pathlib.Path(folder).resolve().rglob("*.html")):
            source = path.with_suffix("").with_suffix(".eml").name  # x.eml.html -> x.eml
            origin[path] = (f"{path} (HTML part of {source})", 0)
            emails.append(path)

    files = pages + fragments + emails
    proc = subprocess.run(
        ["java", "-Xss8m", "-jar", args.vnu, "--format", "json", "--stdout", "--exit-zero-always",
         *map(str, files)],
        capture_output=True, text=True,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(f"html: vnu did not answer in JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return 2

    errors = warnings = 0
    for message in report.get("messages", []):
        kind = message.get("type")
        sub = message.get("subType")
        if kind == "info" and sub != "warning":
            continue
        url = message.get("url", "")
        path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlparse(url).path)) if url else None
        shown, offset = origin.get(path, (url or "vnu", 0))
        line = message.get("lastLine") or message.get("firstLine")
        where = f"{shown}:{line + offset}:{message.get('lastColumn', 0)}" if line else shown
        if kind == "error" or sub == "fatal" or kind == "non-document-error":
            errors += 1
            level = "error"
        else:
            warnings += 1
            level = "warning"
        extract = message.get("extract", "").replace("\n", " ").strip()
        print(f"{where}: {level}: {message.get('message', '').strip()}" + (f"  [{extract}]" if extract else ""))

    # vnu-jar's package.json (build/dist/vnu.jar -> package.json) names the version.
    package = pathlib.Path(args.vnu).resolve().parents[2] / "package.json"
    version = json.loads(package.read_text(encoding="utf-8")).get("version", "?") if package.is_file() else "?"
    summary = (
        f"html (vnu {version}): {len(pages)} pages, {len(fragments)} notice fragments, "
        f"{len(emails)} email HTML parts checked, {errors} errors, {warnings} warnings"
    )
    if args.summary:
        pathlib.Path(args.summary).write_text(summary + "\n", encoding="utf-8")
    else:
        print(summary)
    return 1 if errors or warnings or not pages else 0


if __name__ == "__main__":
    sys.exit(main())
