"""Reading and checking the input extracts, and the synthetic demo data."""
