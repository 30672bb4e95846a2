"""Trellis: an ISO 9001 quality management system that lives in Slack."""
