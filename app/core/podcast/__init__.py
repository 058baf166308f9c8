"""Two-host podcasts from documents: script, voices, mix, export (see ``pipeline.run_podcast``)."""
