"""Reading the sources: files and PDFs, cleaning, statute and thesis structure, resolving.

Knows nothing of embeddings or search; imports only ``citations``, ``models`` and ``errors``.
"""
