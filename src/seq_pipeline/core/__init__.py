"""The shared library no stage owns: columns, errors, preprocessing, scoring, splits, formats.

Stages import from here and never from each other's nodes, so each pipeline loads alone.
Nothing here imports Keras; model code lives in `seq_pipeline.models`.
"""
