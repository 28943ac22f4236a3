"""Site stage: page families (:mod:`.pages`), open data (:mod:`.opendata`), templates and their
helpers, the search index and the example file; ``templates/`` and ``theme/`` are package data."""
