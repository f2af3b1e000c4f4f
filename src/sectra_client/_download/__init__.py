"""Slide downloads: a response body turned into files in a folder, safely and in bounded memory.

- :mod:`._multipart`: the incremental ``multipart/*`` reader.
- :mod:`._sink`: :class:`SlideFileSink`, the body (multipart or one file) into verified files.
- :mod:`._filenames`, :mod:`._partial_files`, :mod:`._output_folder`: safe names, hidden
  temporary files and their clean-up, checked output folders.
- :mod:`._feed` / :mod:`._feed_async`: the batch writers that feed a sink, sync and async.
- :mod:`._case` / :mod:`._case_async`: every slide of a case, a bounded number at once.

The download loop itself is written once, in ``AsyncSectraClient.download_slide_files``
(:mod:`sectra_client._client_async`); the sync client's is generated from it.
"""
