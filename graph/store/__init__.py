"""Repositories: all SQL of PrepGraph lives in this package."""
