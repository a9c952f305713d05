"""Weight-only int8 quantisation of an ONNX graph, as the bundled MiniLM is stored.

Each large float matrix read by a ``MatMul`` (or a ``Gather``: the token embedding
table) is stored as int8 with one float scale per output column (per row of a
table), and the graph turns it back to float with a ``Cast`` and a ``Mul`` before
use. Arithmetic stays in float, so the embeddings stay within a cosine of 0.999 of
the float model's (onnxruntime's dynamic quantisation, which also quantises the
activations, moved them to 0.95), and the file is a quarter of the float one.

Needs the ``onnx`` package (the ``train`` extra); running the result needs only
onnxruntime.
"""

from __future__ import annotations

from typing import Any

import numpy as np

MIN_ELEMENTS = 16_384  # smaller matrices (biases, norms, type embeddings) stay float
INT8_LIMIT = 127


def quantised_column_wise(weights: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """(int8 values, float32 scales) with ``values * scales`` ≈ ``weights``; the scale
    is shared along ``axis`` (0: one per column, 1: one per row)."""
    scale = np.abs(weights).max(axis=axis, keepdims=True) / INT8_LIMIT
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    values = np.clip(np.round(weights / scale), -INT8_LIMIT, INT8_LIMIT).astype(np.int8)
    return values, scale


def weight_only_int8(model: Any, min_elements: int = MIN_ELEMENTS) -> Any:
    """The ``onnx.ModelProto`` with its large matrices stored as int8 (module docstring).

    The model is changed in place and returned."""
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    readers: dict[str, set[str]] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, set()).add(node.op_type)
    kept, dequantise = [], []
    for initializer in graph.initializer:
        weights = numpy_helper.to_array(initializer)
        ops = readers.get(initializer.name, set())
        if (
            weights.dtype != np.float32
            or weights.ndim != 2
            or weights.size < min_elements
            or not ops
            or not ops <= {"MatMul", "Gather"}
        ):
            kept.append(initializer)
            continue
        # A table is read by rows (one scale per token); a MatMul weight by columns.
        values, scale = quantised_column_wise(weights, axis=1 if ops == {"Gather"} else 0)
        name = initializer.name
        kept += [
            numpy_helper.from_array(values, f"{name}_int8"),
            numpy_helper.from_array(scale, f"{name}_scale"),
        ]
        dequantise += [
            helper.make_node("Cast", [f"{name}_int8"], [f"{name}_float"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [f"{name}_float", f"{name}_scale"], [name]),
        ]
    nodes = [*dequantise, *graph.node]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    del graph.node[:]
    graph.node.extend(nodes)
    return model
