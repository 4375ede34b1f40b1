"""Import of the programme's history: one row per parcours, dry run, then applied."""
