"""Deterministic, realistic Dutch demo data (see docs/demo-data.md).

``generator`` is plain Python (no Django): seeded, data in, data out.
``loader`` writes a generated data set into the database in bulk; ``cli`` adds
``zicht demo`` and ``zicht worker``.
"""
