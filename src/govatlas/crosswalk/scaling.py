"""Score matrices on one scale: z-scores along sources (rows) or targets (columns)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]


def zscores(matrix: Matrix, axis: int) -> Matrix:
    """``matrix`` standardised along ``axis`` (1: per source, 0: per target)."""
    mean = matrix.mean(axis=axis, keepdims=True)
    spread = matrix.std(axis=axis, keepdims=True) + 1e-6
    result: Matrix = ((matrix - mean) / spread).astype(np.float32)
    return result
