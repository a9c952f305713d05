"""The MIT AI Risk Repository's risk domains: coded texts, the supervised model and its
evaluation.
"""
