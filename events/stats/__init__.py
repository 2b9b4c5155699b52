"""Statistics of the series of trainings.

- ``series``: the figures, counted by the database in a fixed number of queries;
- ``charts``: bar charts as SVG, readable without colour;
- ``exports``: the figures as charts and as a workbook.

The dashboard view stays in ``events.views.stats``, beside the app's other views.
"""
