"""Backup and restore of a whole site in one archive.

A backup is a ``.tar.gz`` with:

- ``database.json``: every table as Django's portable JSON (any database engine
  reads it back), primary keys kept, content types and permissions by natural
  key (a fresh ``migrate`` numbers them its own way);
- ``media/<name>`` and ``private/<name>``: the public uploads and the private
  files (certificate PDFs) that the database refers to;
- ``manifest.json``: versions, applied migrations, row counts per model and the
  size and SHA-256 of every member.

Left out, because a restore rebuilds them or they need not survive: see
``DERIVED``. The restore refuses a damaged archive before it touches anything,
loads everything in one transaction, and checks the row counts before it
commits. For large installations use PostgreSQL's own tools (README).
"""

from .common import BackupError, Summary
from .create import backup_create
from .restore import backup_restore, database_is_empty

__all__ = [
    "BackupError",
    "Summary",
    "backup_create",
    "backup_restore",
    "database_is_empty",
]
