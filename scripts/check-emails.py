#!/usr/bin/env python3
"""Parse every announcement email of one or more built sites with Python's
`email` package, strictly (the default policy, raising on any defect), and
check that each has valid headers and both parts privsite promises.

usage: scripts/check-emails.py [--html-out DIR] [--summary FILE] SITE_DIR...

With --html-out, the HTML part of each message is written to
DIR/<n>/<policy>/<file>.eml.html (n: the site's position on the command
line), for scripts/validate-site to pass through the HTML checker.
"""
import argparse
import email
import email.policy
import email.utils
import pathlib
import re
import sys

STRICT = email.policy.default.clone(raise_on_defect=True)

# Headers a message has exactly once (RFC 5322 section 3.6, RFC 2045).
REQUIRED_ONCE = ("From", "To", "Subject", "Date", "Message-ID", "Content-Language", "MIME-Version")
AT_MOST_ONCE = ("Reply-To", "List-Unsubscribe", "Content-Type")
ADDRESS_HEADERS = ("From", "To", "Reply-To")
MESSAGE_ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
UNSUBSCRIBE = re.compile(r"^<(mailto:[^<>\s]+@[^<>\s]+|https://[^<>\s]+)>(, *<(mailto:[^<>\s]+|https://[^<>\s]+)>)*$")
FOOTNOTE_REF = re.compile(r"\[(\d+)\]")
FOOTNOTE_DEF = re.compile(r"^\[(\d+)\] (https?://\S+|mailto:\S+)$", re.M)


def check_raw(raw: bytes) -> list[str]:
    problems = []
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    try:
        head.decode("ascii")
    except UnicodeDecodeError:
        problems.append("the header block is not 7-bit ASCII (non-ASCII text must be an encoded word)")
    lines = raw.split(b"\n")
    if any(not line.endswith(b"\r") for line in lines[:-1]):
        problems.append("not every line ends in CRLF")
    long = [n for n, line in enumerate(lines, 1) if len(line.rstrip(b"\r")) > 998]
    if long:
        problems.append(f"line {long[0]} is longer than 998 characters (RFC 5322 2.1.1)")
    return problems


def check_headers(message, locale: str) -> list[str]:
    problems = []
    for name in REQUIRED_ONCE:
        count = len(message.get_all(name) or [])
        if count != 1:
            problems.append(f"{name} header appears {count} times, not once")
    for name in AT_MOST_ONCE:
        if len(message.get_all(name) or []) > 1:
            problems.append(f"{name} header appears more than once")
    for name in ADDRESS_HEADERS:
        header = message[name]
        if header is None:
            continue
        addresses = header.addresses
        if not addresses:
            problems.append(f"{name} has no address")
        for address in addresses:
            if not address.username or not address.domain or "." not in address.domain:
                problems.append(f"{name} address {str(address)!r} is not user@domain")
    subject = message["Subject"]
    if subject is not None and not str(subject).strip():
        problems.append("the Subject is empty")
    if subject is not None and ("=?" in str(subject) or "\n" in str(subject)):
        problems.append(f"the Subject does not decode cleanly: {str(subject)!r}")
    date = message["Date"]
    if date is not None and (date.datetime is None or date.datetime.tzinfo is None):
        problems.append("the Date header does not parse as a date with a time zone")
    message_id = message["Message-ID"]
    if message_id is not None and not MESSAGE_ID.match(str(message_id).strip()):
        problems.append(f"Message-ID {str(message_id)!r} is not <left@right>")
    if message["MIME-Version"] is not None and str(message["MIME-Version"]).strip() != "1.0":
        problems.append("MIME-Version is not 1.0")
    language = message["Content-Language"]
    if language is not None:
        if not LANGUAGE_TAG.match(str(language).strip()):
            problems.append(f"Content-Language {str(language)!r} is not a language tag")
        elif str(language).strip().lower() != locale.lower():
            problems.append(f"Content-Language is {language}, but the file is for {locale}")
    unsubscribe = message["List-Unsubscribe"]
    if unsubscribe is not None and not UNSUBSCRIBE.match(str(unsubscribe).strip()):
        problems.append(f"List-Unsubscribe {str(unsubscribe)!r} is not a list of <mailto:> or <https:> addresses")
    return problems


def check_parts(message) -> tuple[list[str], str | None]:
    problems = []
    html = None
    if message.get_content_type() != "multipart/alternative":
        problems.append(f"content type is {message.get_content_type()}, not multipart/alternative")
    parts = list(message.iter_parts())
    types = [part.get_content_type() for part in parts]
    if types != ["text/plain", "text/html"]:
        problems.append(f"parts are {types}, not text/plain then text/html")
    for part in parts:
        kind = part.get_content_type()
        if part.get_content_charset() != "utf-8":
            problems.append(f"{kind} is not UTF-8")
        if part["Content-Transfer-Encoding"] not in ("7bit", "8bit", "quoted-printable", "base64"):
            problems.append(f"{kind} has Content-Transfer-Encoding {part['Content-Transfer-Encoding']!r}")
        content = part.get_content().replace("\r\n", "\n")
        if not content.strip():
            problems.append(f"{kind} is empty")
            continue
        if kind == "text/plain":
            if re.search(r"</?(p|a|div|ul|li|strong|em|br)\b[^>]*>", content):
                problems.append("text/plain contains HTML tags")
            defined = {n for n, _ in FOOTNOTE_DEF.findall(content)}
            body = FOOTNOTE_DEF.sub("", content)
            for ref in set(FOOTNOTE_REF.findall(body)):
                if ref not in defined:
                    problems.append(f"text/plain refers to link [{ref}] but never gives it")
            if not defined:
                problems.append("text/plain gives no links")
        elif kind == "text/html":
            if not content.lstrip().lower().startswith("<!doctype html>"):
                problems.append("text/html is not a complete HTML document")
            html = content
    return problems, html


def check(path: pathlib.Path) -> tuple[list[str], str | None]:
    raw = path.read_bytes()
    locale = path.name.split(".")[-2]  # <version>.<locale>.eml
    problems = check_raw(raw)
    message = email.message_from_bytes(raw, policy=STRICT)
    problems += check_headers(message, locale)
    part_problems, html = check_parts(message)
    return problems + part_problems, html


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html-out", help="write each HTML part here, for the HTML checker")
    ap.add_argument("--summary", help="write the summary line to this file instead of printing it")
    ap.add_argument("sites", nargs="+")
    args = ap.parse_args()

    checked = failures = 0
    for n, site in enumerate(args.sites):
        site = pathlib.Path(site)
        for path in sorted(site.glob("*/announcements/*.eml")):
            checked += 1
            try:
                problems, html = check(path)
            except Exception as err:  # a defect raised by the strict policy
                problems, html = [f"does not parse: {err!r}"], None
            for problem in problems:
                print(f"{path}: {problem}")
            failures += bool(problems)
            if html is not None and args.html_out:
                out = pathlib.Path(args.html_out) / str(n) / path.relative_to(site).parent.parent / f"{path.name}.html"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(html, encoding="utf-8")
    if not checked:
        print("no announcement emails found (expected <site>/<policy>/announcements/*.eml)")
    summary = f"mail (Python email, strict): {checked} messages checked, {checked - failures} passed, {failures} failed"
    if args.summary:
        pathlib.Path(args.summary).write_text(summary + "\n", encoding="utf-8")
    else:
        print(summary)
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
