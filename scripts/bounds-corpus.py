#!/usr/bin/env python3
"""Writes four projects into /tmp/bounds whose version files reach the bounds
of docs/FORMAT.md (blocks, table cells, nesting, raw HTML elements), for the
measurements in docs/PERFORMANCE.md."""
import os, sys, shutil
def project(name, body1, body2):
    root = f"/tmp/bounds/{name}"
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(f"{root}/policies/acme/2024-01"); os.makedirs(f"{root}/policies/acme/2024-06")
    open(f"{root}/policies/site.yaml","w").write("title: Acme Legal\nbase_url: https://legal.example.com/\nlocales:\n  en: English\ndefault_locale: en\n")
    open(f"{root}/policies/acme/policy.yaml","w").write("title: Privacy\nowner: Acme\n")
    for v, body, eff in (("2024-01", body1, "2024-01-01"), ("2024-06", body2, "2024-06-01")):
        ind = "".join("      "+l+"\n" if l else "\n" for l in body.split("\n"))
        open(f"{root}/policies/acme/{v}/en.yaml","w").write(f"effective: {eff}\nchange:\n  kind: material\n  summary: Changes.\nsections:\n  - id: s\n    title: S\n    body: |\n{ind}")
n = 9_990
paras = lambda k: "\n\n".join(f"Paragraph {i} about data we keep for {30 if i%k else 90} days." for i in range(n))
project("paragraphs", paras(7), paras(11))
def table(mark):
    rows = ["|" + "|".join(f"h{c}" for c in range(20)) + "|", "|" + "---|"*20]
    for r in range(499):
        rows.append("|" + "|".join(f"cell {r} {c}{' changed' if (r*c)%mark==1 else ''}" for c in range(20)) + "|")
    return "\n".join(rows)
project("table", table(13), table(17))
def nest(word):
    out=[]
    for d in range(32):
        out.append("  "*d + f"- level {d} {word}")
    return "\n".join(out)
project("nesting", "\n\n".join(nest("a") for _ in range(100)), "\n\n".join(nest("b" if i%3==0 else "a") for i in range(100)))
html = lambda w: " ".join(f"<span>x{i}{w if i%50==0 else ''}</span>" for i in range(9_990))
project("html", html(""), html(" more"))
