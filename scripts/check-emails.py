#!/usr/bin/env python3
"""Parse every announcement email of a built site with Python's `email`
package, strictly (the default policy, raising on any defect), and check
that each has the headers and both parts privsite promises.

usage: scripts/check-emails.py SITE_DIR
"""
import email
import email.policy
import pathlib
import sys

STRICT = email.policy.default.clone(raise_on_defect=True)


def check(path: pathlib.Path) -> list[str]:
    problems = []
    message = email.message_from_bytes(path.read_bytes(), policy=STRICT)
    for header in ("From", "To", "Subject", "Date", "Message-ID", "Content-Language", "MIME-Version"):
        if message[header] is None:
            problems.append(f"no {header} header")
    if message["Date"] is not None and message["Date"].datetime is None:
        problems.append("the Date header does not parse")
    if message.get_content_type() != "multipart/alternative":
        problems.append(f"content type is {message.get_content_type()}, not multipart/alternative")
    types = [part.get_content_type() for part in message.iter_parts()]
    if types != ["text/plain", "text/html"]:
        problems.append(f"parts are {types}, not text/plain then text/html")
    for part in message.iter_parts():
        if part.get_content_charset() != "utf-8":
            problems.append(f"{part.get_content_type()} is not UTF-8")
        if not part.get_content().strip():
            problems.append(f"{part.get_content_type()} is empty")
    return problems


def main() -> int:
    site = pathlib.Path(sys.argv[1])
    emails = sorted(site.glob("*/announcements/*.eml"))
    failures = 0
    for path in emails:
        try:
            problems = check(path)
        except Exception as err:  # a defect raised by the strict policy
            problems = [f"does not parse: {err!r}"]
        for problem in problems:
            print(f"{path}: {problem}")
        failures += bool(problems)
    print(f"emails: {len(emails) - failures} passed, {failures} failed")
    return 1 if failures or not emails else 0


if __name__ == "__main__":
    sys.exit(main())
