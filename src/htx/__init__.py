"""htx: information system for Vietnam's collective economy (kinh tế tập thể)."""

__version__ = "0.1.0"
