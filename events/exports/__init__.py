"""Files for the Chamber of Social Protection and the series report.

``cells.cell_safe`` is the one place where spreadsheet text is neutralised;
every CSV and XLSX builder writes text through it.
"""
