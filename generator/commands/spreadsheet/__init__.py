"""Unit spreadsheets (``kerjasama tabel``, issue 13): the register as an XLSX workbook and back.

The pipeline: :mod:`layout` walks the JSON Schema into sheets and columns (new keys and lists
appear by themselves), :mod:`flatten` turns records into cells and cells into records,
:mod:`export` writes the workbook, :mod:`reader` reads a hostile workbook into typed cells or
located problems, :mod:`merge` turns cells into file text (ruamel.yaml round trip for a changed
file, ``kerjasama baru``'s writer for a new one) and :mod:`importer` checks the would-be files
with the real validator and writes them. :mod:`commands` is the command line's part.
"""
