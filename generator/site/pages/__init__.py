"""Page families: each module turns the site context into pages. Pure: no file access."""
