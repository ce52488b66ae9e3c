"""Canonical column names of the validated long table, whatever the user's file calls them."""

ID, TIME, LABEL, SPLIT, GROUP = "sequence_id", "timestep", "label", "split", "group"
# Every column that is not a feature.
RESERVED = (ID, TIME, LABEL, SPLIT, GROUP)
