"""Benchmark tooling: dataset generator, reference app, load driver. Never imported by api/."""
