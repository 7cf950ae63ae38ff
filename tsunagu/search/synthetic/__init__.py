"""Deterministic synthetic data for benchmarks (`tsunagu generate-synthetic`). Never real people."""
