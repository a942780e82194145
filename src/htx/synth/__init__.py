"""Synthetic country (dữ liệu giả lập): a realistic, clearly marked registry and report facts at national scale.

``generator`` is pure (rows as plain dicts, deterministic for a seed); ``htx.db.bulk_repo``
writes them in bulk; ``cli`` adds ``htx synth``.
"""
