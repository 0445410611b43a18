"""The report's charts: style, wording of titles and alt text, and the plots."""
