"""Wall time and memory of parsing hostile participant lists (events.imports).

Run:  .venv/bin/python bench/import_limits_bench.py

Each case runs in a fresh child process, so ``rss_delta_mb`` (the growth of the
process's high-water mark while parsing) is the parse's own. Cases: the
review's files (200,000 and 1,000,000 rows in a few kilobytes of XLSX), the
200,000-row file again with the unpacked-size cap lifted (only the row cap
stops it), a shared-string table of 5 MB, and a legitimate 1,000-row list.
Prints one JSON line per case: outcome (rows read, or the refusal), ``ms``,
``rss_delta_mb``, file size.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "200k_rows_tiny_xlsx": {"rows": 200_000, "same": True},
    "1m_rows_tiny_xlsx": {"rows": 1_000_000, "same": True},
    "200k_rows_row_cap_only": {"rows": 200_000, "same": True, "unpacked": 10**9},
    "shared_strings_5mb": {"rows": 2, "shared_strings": 300_000, "unpacked": 10**9},
    "legit_1000_rows": {"rows": 1000},
}


def child(name: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django

    django.setup()
    from events.imports import ImportFileError, participants_parse
    from tests.events.test_import_limits import crafted_xlsx

    case = dict(CASES[name])
    unpacked = case.pop("unpacked", None)
    data = crafted_xlsx(case.pop("rows"), **case)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    try:
        rows = participants_parse(name="x.xlsx", data=data, max_unpacked=unpacked)
        outcome = f"{len(rows)} rows"
    except ImportFileError as error:
        outcome = f"refused: {type(error).__name__}: {getattr(error, 'message', error)}"
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "case": name,
                "file_kb": round(len(data) / 1024, 1),
                "outcome": outcome,
                "ms": round(elapsed * 1000),
                "rss_delta_mb": round((after - before) / 1024, 1),
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        child(sys.argv[2])
        return
    for name in CASES:
        subprocess.run([sys.executable, __file__, "--case", name], check=True)


if __name__ == "__main__":
    main()
