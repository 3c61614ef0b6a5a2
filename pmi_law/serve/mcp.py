"""The MCP server (stdio): the library's search, provisions, definitions and documents as tools.

Tools return the same JSON as the HTTP API, with canonical citations and the statute text a
model can quote. Library errors become tool errors with the API's one-line message (the SDK
marks the result ``isError``), so a model can correct its call. Nothing is printed on stdout
but the protocol.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from pmi_law.errors import PmiLawError
from pmi_law.serve import service
from pmi_law.serve.service import SearchRequest

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from pmi_law.library import Library

INSTRUCTIONS = (
    "Indonesian law on the protection of migrant workers (UU 18/2017 and related laws), offline. "
    "Use `search` for a question in Indonesian or English; each hit quotes the whole unit "
    "verbatim in `text` (a list item with its `lead_in`): quote it with its `citation`, and say "
    "its `unit_status` and any `caveats` (a text that may be outdated says so). Open a unit with "
    "`get_provision` to read its Penjelasan, cross-references and versions; `define` gives the "
    "statutory definition of a term; `get_delegations` which regulation "
    "carries out what a law delegates; `list_documents` tells which laws are in force. `as_of` "
    "(YYYY-MM-DD) gives the law as it stood on a date. Revoked laws are left out of searches "
    "unless include_revoked is true. Every answer carries `notice` (legal information, not "
    "legal advice: pass it on) and `corpus_date` (no change after it is known)."
)


def create_server(library: Library | None = None) -> MCPServer:
    """An MCP server over one Library (the default corpus unless given)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    from pmi_law.library import Library

    lib = library if library is not None else Library.open()
    server: MCPServer = MCPServer("pmi-law", instructions=INSTRUCTIONS, version="0.1.0")

    def call(fn: Any, *args: Any) -> dict[str, Any]:
        try:
            result: dict[str, Any] = fn(lib, *args)
        except PmiLawError as exc:
            raise ToolError(str(exc)) from None
        return result

    @server.tool()
    def search(
        query: str,
        k: int = 5,
        document: str | list[str] | None = None,
        doc_type: str | None = None,
        bab: str | None = None,
        part: str | None = None,
        include_revoked: bool = False,
        as_of: str | None = None,
    ) -> dict[str, Any]:
        """Find the provisions that answer a question (Indonesian or English), best first.

        k: how many (1 to 100, as the HTTP API). Filters: document ("UU 18/2017", or a list), doc_type
        ("UU", "PP"), bab ("VII"), part ("body", "penjelasan", "thesis"); as_of ("2019-06-01"):
        the text and status in force on that date. Each hit has the citation to quote, the
        whole unit verbatim (a list item with its lead-in), the unit's and the document's
        status, caveats on the text, and the laws that amended it.
        """
        req = SearchRequest(
            q=query,
            k=k,
            doc=document if document is None or isinstance(document, str) else tuple(document),
            type=doc_type,
            bab=bab,
            part=part,
            all=include_revoked,
            as_of=as_of,
        )
        return call(service.assistant_search_json, req)

    @server.tool()
    def get_provision(citation: str, as_of: str | None = None) -> dict[str, Any]:
        """One unit by citation in any form ("UU 18/2017 Pasal 6 ayat (1) huruf j", "UU PPMI Pasal 69",
        or in English: "Article 6(1)(j) of Law 18/2017", "Government Regulation 59 of 2021 Article 7").

        Returns its text and the units inside it, its Penjelasan (elucidation), what it cites,
        what cites it, its status and the document's, its versions (dated, with the amending
        provision) and caveats (`notes`); with as_of ("2019-06-01"), as in force on that date.
        OCR repairs made to its text are listed (`ocr_repairs`, `repair_note`), and the text as
        found in the source is `source_text`.
        """
        return call(service.provision_json, citation, as_of)

    @server.tool()
    def define(term: str, as_of: str | None = None) -> dict[str, Any]:
        """The statutory definition of a term or abbreviation (e.g. "SIP3MI", "Pemberi Kerja"),
        laws in force first, a revoked law's marked by its `status`; with as_of
        ("2019-06-01"), only the definitions in force on that date."""
        return call(service.define_json, term, as_of)

    @server.tool()
    def get_delegations(document: str = "UU 18/2017") -> dict[str, Any]:
        """What a law leaves to regulations ("diatur dengan Peraturan Pemerintah …"): each
        delegating unit with the instrument, subject and state (implemented in the corpus, with
        the regulation units that carry it out and how that was found; a regulation known to
        exist outside the corpus, with title and status; or unknown). For a regulation, also
        which units of the law it carries out (`implements`)."""
        return call(service.delegations_json, document)

    @server.tool()
    def get_document(document: str, as_of: str | None = None) -> dict[str, Any]:
        """One document's outline ("UU 18/2017", "PP 59/2021", "UU PPMI"): its title, status
        and dates, and each BAB, Bagian and Pasal in order with its status (amended, inserted,
        deleted); with as_of ("2019-06-01"), as in force on that date. The same answer as the
        HTTP API's GET /api/documents/{document} and the document page."""
        return call(service.document_json, document, as_of)

    @server.tool()
    def get_glossary(term: str | None = None, as_of: str | None = None) -> dict[str, Any]:
        """The defined terms and abbreviations of every document (Pasal 1 and the like), or
        those matching `term`, each with its definition, citation and its law's status; with
        as_of ("2010-01-01"), those of the laws in force on that date. The same answer as the
        HTTP API's GET /api/glossary and the glossary page."""
        return call(service.glossary_json, term, as_of)

    @server.tool()
    def list_documents() -> dict[str, Any]:
        """The documents of the corpus with their status (in force, revoked, replaced)."""
        return call(lambda lib: service.documents_json(lib))

    return server


def run_stdio(library: Library | None = None) -> None:
    """Serve over stdio; the index loads in the background so the handshake is immediate."""
    from pmi_law.library import Library

    lib = library if library is not None else Library.open()

    def warm() -> None:
        with contextlib.suppress(Exception):  # the first search reports it as a tool error
            service.warm(lib)

    threading.Thread(target=warm, name="pmi-law-warm", daemon=True).start()
    create_server(lib).run("stdio")
