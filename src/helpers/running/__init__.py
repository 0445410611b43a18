"""The monthly run and the `case-audit` command line."""
