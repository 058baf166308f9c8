"""Qt-free core: pipelines, importers, audio, settings, jobs."""
