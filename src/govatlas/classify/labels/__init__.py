"""Machine labels on instruments with their evidence, the review queue and its order,
near misses.
"""
