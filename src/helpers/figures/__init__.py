"""The figures of each paper section, as pure functions of the loaded frames."""
