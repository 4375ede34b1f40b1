"""The programme's indicators, live from the statistical records."""
