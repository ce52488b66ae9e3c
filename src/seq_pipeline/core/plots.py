"""Figures for the evaluation report, built without pyplot so no GUI backend is needed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.metrics import roc_curve


def plot_roc_curve(predictions: pd.DataFrame) -> Figure:
    """ROC curve of the test split, with the chance diagonal."""
    test = predictions[predictions["split"] == "test"]
    fig = Figure(figsize=(4.5, 4.5))
    ax = fig.subplots()
    if test["y_true"].nunique() == 2:
        fpr, tpr, _ = roc_curve(test["y_true"], test["probability"])
        ax.plot(fpr, tpr, label="model")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="chance")
    ax.set(xlabel="False positive rate", ylabel="True positive rate", title="ROC curve (test)")
    ax.legend(loc="lower right")
    return fig


def plot_confusion_matrix(metrics: dict[str, Any]) -> Figure:
    """Test-split confusion matrix at the configured threshold, with counts."""
    cm = metrics["test"]["confusion_matrix"]
    counts = np.array([[cm["tn"], cm["fp"]], [cm["fn"], cm["tp"]]])
    fig = Figure(figsize=(4, 3.6))
    ax = fig.subplots()
    ax.imshow(counts, cmap="Blues")
    for (row, col), value in np.ndenumerate(counts):
        colour = "white" if value > counts.max() / 2 else "black"
        ax.text(col, row, str(value), ha="center", va="center", color=colour)
    ax.set(
        xticks=[0, 1],
        yticks=[0, 1],
        xticklabels=["0", "1"],
        yticklabels=["0", "1"],
        xlabel="Predicted",
        ylabel="True",
        title=f"Confusion matrix (test, threshold {metrics['threshold']:g})",
    )
    return fig


def plot_learning_curves(training_history: dict[str, Any]) -> Figure:
    """Training and validation loss and accuracy per epoch, best epoch marked."""
    history = training_history["history"]
    epochs = np.arange(1, len(history["loss"]) + 1)
    fig = Figure(figsize=(8, 3.4))
    axes = fig.subplots(1, 2)
    for ax, key in zip(axes, ("loss", "accuracy"), strict=True):
        ax.plot(epochs, history[key], label="train")
        if f"val_{key}" in history:
            ax.plot(epochs, history[f"val_{key}"], label="validation")
        ax.axvline(training_history["best_epoch"], color="grey", linestyle=":", label="best")
        ax.set(xlabel="epoch", ylabel=key, title=key.capitalize())
        ax.legend()
    fig.tight_layout()
    return fig
