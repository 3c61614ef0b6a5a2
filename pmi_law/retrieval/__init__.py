"""Retrieval: passages, lexical and dense indexes, hybrid search and its evaluation.

Builds on ``sources`` (documents) and never on ``library``, ``cli`` or ``serve``.
"""
