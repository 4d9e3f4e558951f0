"""Reporters: each takes the file results of a run and writes one format."""
