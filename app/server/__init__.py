"""``daycast serve``: Daycast's models for other programs, over the OpenAI API and Wyoming.

A thin layer over the engines: :mod:`app.server.models` loads what is served, :mod:`app.server.gate`
queues requests per model, :mod:`app.server.openai_api` and :mod:`app.server.wyoming_api` speak the
protocols, :mod:`app.server.run` binds them (loopback by default; an API key anywhere else).
"""
