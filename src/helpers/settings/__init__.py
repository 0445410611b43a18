"""Parameters, the data contract, periods and number formatting: what every stage reads."""
