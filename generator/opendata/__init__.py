"""Open data: the register in machine-readable forms (JSON API, CSV, iCalendar, Atom, badges).

Pure builders over the :class:`~generator.index.RegisterIndex`; the page family
:mod:`generator.pages.opendata` turns their output into files of the site.
"""
