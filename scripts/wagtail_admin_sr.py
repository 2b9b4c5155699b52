#!/usr/bin/env python3
"""Measure and extend the project's Serbian catalogue for the Wagtail admin.

Wagtail ships (almost) no Serbian: a handful of Latin strings. The project's
catalogue, ``locale_wagtail/sr/LC_MESSAGES/django.po`` (and ``djangojs.po``
for the admin's JavaScript), is read before Wagtail's own (``LOCALE_PATHS``).

Usage:
  .venv/bin/python scripts/wagtail_admin_sr.py            # coverage per app
  .venv/bin/python scripts/wagtail_admin_sr.py --json     # the same as JSON
  .venv/bin/python scripts/wagtail_admin_sr.py todo APP > todo.tsv
  .venv/bin/python scripts/wagtail_admin_sr.py merge todo.tsv done.tsv

Coverage of an app = its msgids (with msgctxt) translated in the project's
catalogue / all msgids of the app's English catalogue. ``todo`` lists the
untranslated entries of one app, numbered; ``merge`` takes lines
``N<TAB>translation`` (plural forms separated by `` ‖ ``, three for
Serbian) and appends the entries, with the English entry's flags (so that
``msgfmt --check-format`` checks the placeholders).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import wagtail

ROOT = Path(__file__).resolve().parent.parent
WAGTAIL = Path(wagtail.__file__).parent
PROJECT = ROOT / "locale_wagtail/sr/LC_MESSAGES"

# The Wagtail apps editors meet, with their English catalogues.
APPS = {
    "wagtail.admin": ("admin", "django"),
    "wagtail.admin (JavaScript)": ("admin", "djangojs"),
    "wagtail": (".", "django"),
    "wagtail.snippets": ("snippets", "django"),
    "wagtail.images": ("images", "django"),
    "wagtail.documents": ("documents", "django"),
    "wagtail.search": ("search", "django"),
    "wagtail.contrib.settings": ("contrib/settings", "django"),
    "wagtail.users": ("users", "django"),
    "wagtail.sites": ("sites", "django"),
    "wagtail.embeds": ("embeds", "django"),
    "wagtail.contrib.redirects": ("contrib/redirects", "django"),
    "wagtail.contrib.forms": ("contrib/forms", "django"),
}
SEPARATOR = " ‖ "
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d)\])?) (.*)$")
PLURAL_FORMS = 3


@dataclass
class Entry:
    msgid: str
    msgctxt: str = ""
    plural: str = ""
    flags: list[str] = field(default_factory=list)
    msgstr: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(
        r"\\(.)",
        lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(m[1], m[0]),
        body,
    )


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in escaped or escaped.endswith("\n") and escaped.count("\n") == 1:
        return '"' + escaped.replace("\n", "\\n") + '"'
    lines = escaped.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def parse(path: Path) -> list[Entry]:
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = Entry(msgid="")
        current = None
        seen_msgid = False
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags = [f.strip() for f in line[2:].split(",") if f.strip()]
                continue
            if line.startswith("#"):
                continue
            match = KEYWORD.match(line)
            if match:
                keyword, index, rest = match.groups()
                value = _unquote(rest)
                if keyword == "msgctxt":
                    entry.msgctxt = value
                    current = ("msgctxt", None)
                elif keyword == "msgid":
                    entry.msgid = value
                    seen_msgid = True
                    current = ("msgid", None)
                elif keyword == "msgid_plural":
                    entry.plural = value
                    current = ("plural", None)
                else:
                    entry.msgstr.append(value)
                    current = ("msgstr", len(entry.msgstr) - 1)
            elif line.startswith('"') and current:
                value = _unquote(line)
                kind, index = current
                if kind == "msgctxt":
                    entry.msgctxt += value
                elif kind == "msgid":
                    entry.msgid += value
                elif kind == "plural":
                    entry.plural += value
                else:
                    entry.msgstr[index] += value
        if seen_msgid and entry.msgid:
            entries.append(entry)
    return entries


def english(app: str) -> list[Entry]:
    folder, domain = APPS[app]
    return parse(WAGTAIL / folder / f"locale/en/LC_MESSAGES/{domain}.po")


def project(domain: str) -> dict[tuple[str, str], Entry]:
    path = PROJECT / f"{domain}.po"
    return {e.key: e for e in parse(path)} if path.exists() else {}


def coverage() -> dict[str, dict]:
    catalogues = {d: project(d) for d in ("django", "djangojs")}
    figures = {}
    for app, (_folder, domain) in APPS.items():
        ids = {e.key for e in english(app)}
        ours = catalogues[domain]
        done = {k for k in ids if k in ours and ours[k].translated}
        figures[app] = {"translated": len(done), "msgids": len(ids)}
    return figures


def render(entry: Entry) -> str:
    out = []
    if entry.flags:
        out.append("#, " + ", ".join(entry.flags))
    if entry.msgctxt:
        out.append("msgctxt " + _quote(entry.msgctxt))
    out.append("msgid " + _quote(entry.msgid))
    if entry.plural:
        out.append("msgid_plural " + _quote(entry.plural))
        out += [f"msgstr[{i}] " + _quote(s) for i, s in enumerate(entry.msgstr)]
    else:
        out.append("msgstr " + _quote(entry.msgstr[0]))
    return "\n".join(out)


def todo(app: str) -> None:
    domain = APPS[app][1]
    ours = project(domain)
    for number, entry in enumerate(english(app), 1):
        if entry.key in ours and ours[entry.key].translated:
            continue
        row = [str(number), app, entry.msgctxt, entry.msgid, entry.plural]
        print("\t".join(json.dumps(cell, ensure_ascii=False) for cell in row))


def merge(todo_path: Path, done_path: Path) -> None:
    rows = {}
    for line in todo_path.read_text(encoding="utf-8").splitlines():
        cells = [json.loads(c) for c in line.split("\t")]
        rows[cells[0]] = cells
    app = next(iter(rows.values()))[1]
    domain = APPS[app][1]
    by_key = {e.key: e for e in english(app)}
    ours = project(domain)
    added = []
    for line in done_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        number, text = line.split("\t", 1)
        _n, _app, ctx, msgid, plural = rows[number]
        source = by_key[(ctx, msgid)]
        if (ctx, msgid) in ours and ours[(ctx, msgid)].translated:
            continue
        forms = [f.replace("\\n", "\n") for f in text.split(SEPARATOR)]
        if plural and len(forms) == 1:
            forms = forms * PLURAL_FORMS
        if plural and len(forms) == 2:
            forms = [forms[0], forms[1], forms[1]]
        entry = Entry(msgid, ctx, plural, source.flags, forms)
        if not plural and len(forms) != 1:
            raise SystemExit(f"{number}: plural forms for a singular msgid")
        ours[entry.key] = entry
        added.append(entry)
    path = PROJECT / f"{domain}.po"
    with path.open("a", encoding="utf-8") as out:
        for entry in added:
            out.write("\n" + render(entry) + "\n")
    print(f"{len(added)} entries added to {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["todo"]:
        todo(argv[1])
        return 0
    if argv[:1] == ["merge"]:
        merge(Path(argv[1]), Path(argv[2]))
        return 0
    figures = coverage()
    if "--json" in argv:
        print(json.dumps(figures, indent=2))
        return 0
    total = [0, 0]
    for app, f in figures.items():
        total[0] += f["translated"]
        total[1] += f["msgids"]
        share = f["translated"] / f["msgids"] if f["msgids"] else 1
        print(f"{app:30} {f['translated']:4} of {f['msgids']:4} msgids ({share:.0%})")
    print(f"{'all':30} {total[0]:4} of {total[1]:4} msgids ({total[0] / total[1]:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
