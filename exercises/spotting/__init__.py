"""Video indicator spotting: a lesson block and a live activity (issue 19).

- ``scoring``: the pure comparison of a learner's marks with the expert's.
- ``blocks``: the StreamField block (video, WebVTT captions, expert marks).
- ``services`` and ``live``: a live run's playback state, the phones' marks
  and what the projector shows, through the realtime hub.
- ``consumers``: the phone's and the projector's websockets.
"""
