"""Open data: the register in machine-readable forms (JSON API, CSV, iCalendar, Atom, badges).

Pure builders over the :class:`~generator.derive.index.RegisterIndex`; the page family
:mod:`generator.site.pages.opendata` turns their output into files of the site.
"""
