"""Nonconformance listeners: report (report.py) and move along the lifecycle (steps.py)."""
