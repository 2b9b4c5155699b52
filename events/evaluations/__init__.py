"""Evaluation questionnaires of trainings.

- ``services``: when a questionnaire is open, who may answer, answering;
- ``forms``: the questionnaire and the template choice as forms;
- ``results``: results per training and grouped, never below the minimum count.

The models stay in ``events.models.evaluations``; the views in
``events.views.evaluations``, beside the app's other views.
"""
