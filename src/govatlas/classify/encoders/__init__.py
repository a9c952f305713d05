"""The bundled sentence encoder (int8 MiniLM on onnxruntime), its fine-tuning,
provision vectors and semantic search.
"""
