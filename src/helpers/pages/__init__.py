"""What each page of the report shows, ready for a notebook to display.

Each page module turns the computed figures into `Table`s (text already formatted and, in publication
mode, suppressed), charts and sentences. Notebooks only call these and display the result.
"""
