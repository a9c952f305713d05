"""The supervised provision classifiers: features, prototypes, training, labelling,
reviewed passages, review value.
"""
