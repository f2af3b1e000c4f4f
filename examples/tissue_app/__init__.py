"""An example analysis app built on :mod:`sectra_client.webhook`: the tissue finder.

It outlines the tissue on a slide from a thumbnail read through tiles, and stores the outlines
with the tissue area in mm². ``examples/demo.py`` runs it against the mock Sectra server.

- :mod:`tissue_app.app`: the webhook (registration, the ``create`` handler, the job).
- :mod:`tissue_app.detection`: threshold and outlines on a thumbnail.
- :mod:`tissue_app.contours`: marching squares and Douglas-Peucker, numpy only.
- :mod:`tissue_app.geometry`: thumbnail pixels → the API's coordinates and mm².
"""

from tissue_app.app import APP_ID, APP_VERSION, PATH, STROKE_COLOUR, create_app, create_webhook

__all__ = ["APP_ID", "APP_VERSION", "PATH", "STROKE_COLOUR", "create_app", "create_webhook"]
