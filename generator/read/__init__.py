"""Read stage: hostile text -> data + line map; the records, code lists, git history and mkdocs.yml.

Stage packages import nothing at package level, so importing one module loads only what it needs.
"""
