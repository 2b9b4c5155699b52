#!/usr/bin/env python3
"""Report how much of Wagtail's admin the project's Serbian catalogue covers.

Usage: .venv/bin/python scripts/wagtail_admin_sr.py
Coverage = msgids of locale_wagtail/sr that are translated and exist in
wagtail/admin/locale/en/LC_MESSAGES/django.po, over all msgids of that file.
"""

import re
import sys
from pathlib import Path

import wagtail

ROOT = Path(__file__).resolve().parent.parent
ADMIN_EN = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/django.po"
PROJECT = ROOT / "locale_wagtail/sr/LC_MESSAGES/django.po"
ENTRY = re.compile(r'^(?:msgctxt "(.*)"\n)?msgid ((?:".*"\n)+)', re.M)


def msgids(path: Path, translated_only: bool = False) -> set[tuple[str, str]]:
    found = set()
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        match = ENTRY.search(block + "\n")
        if not match:
            continue
        text = "".join(re.findall(r'"(.*)"', match.group(2)))
        if not text:
            continue
        if translated_only and re.search(r'^msgstr(\[0\])? ""\n?$', block + "\n", re.M):
            if not re.search(r'^msgstr(\[0\])? ""\n"', block + "\n", re.M):
                continue
        found.add((match.group(1) or "", text))
    return found


def main() -> int:
    admin = msgids(ADMIN_EN)
    ours = msgids(PROJECT, translated_only=True) & admin
    share = len(ours) / len(admin)
    print(f"{len(ours)} of {len(admin)} wagtail.admin msgids ({share:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
