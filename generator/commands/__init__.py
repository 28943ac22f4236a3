"""Commands: the command line, the build runner, the MkDocs adapter and what only they use."""
