"""Writes of the operations domain: backups, restores and data-key rotation (issue 18 §3)."""
