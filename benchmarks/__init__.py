"""Benchmarks (not tests): `python -m benchmarks` — see README.md, section Benchmark."""
