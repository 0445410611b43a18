"""What each page shows: its tables, charts and wording, built from the figures."""
