"""The service layer: the HTTP API and web pages (FastAPI + Jinja2) and the MCP server.

Everything here is a thin front end over :class:`pmi_law.library.Library` and
:mod:`pmi_law.views`; the same functions in :mod:`pmi_law.serve.service` feed the API, the
pages and the MCP tools, so they cannot drift apart.
"""
