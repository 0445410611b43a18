"""Developer commands: benchmarks, theme evaluation, notebook hygiene."""
