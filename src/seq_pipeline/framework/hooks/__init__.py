"""Kedro hooks, one file each; `settings.py` registers them in the order they must run."""
