"""AGORA document tags: the tf-idf model trained on AGORA's coding, its data split and
its evaluations.
"""
