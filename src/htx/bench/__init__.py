"""Benchmarks (đo hiệu năng) of htx at national scale: ``python -m htx.bench`` prints one table."""
