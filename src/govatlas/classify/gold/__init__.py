"""People's labels and how a classifier is scored against them: passages, files, the
project's gold, agreement, metrics.
"""
