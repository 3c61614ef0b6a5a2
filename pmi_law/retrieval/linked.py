"""The stages that follow the law's own links between Pasal.

A statute comes right above the regulation unit that restates it; a penalty question brings
the prohibition it asks about with its sanction and the corporate liability; a question on
procedure brings the regulation that carries out a statute's delegation; a cited Pasal
brings what it cites. Each reads a link the index holds (restatements, cross-references,
delegations), never word lists about the answer. They are a mixin of
:class:`~pmi_law.retrieval.search.Searcher`, which owns the index and the question's scores.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from .fusion import Groups
from .issues import Issue, issues_in
from .ranking import LIABILITY_TEXT, SANCTION_TEXT, RankingConfig

if TYPE_CHECKING:
    from .index import SearchIndex

__all__ = ["LinkedStages", "implementing_groups"]


class LinkedStages:
    """The link-following stages, on the searcher's index and per-question scores."""

    # set by Searcher.__init__
    config: RankingConfig
    index: SearchIndex
    delegation_links: Callable[[], list[tuple[str, str]]] | None
    _groups: dict[str, list[int]]
    _by_citation: dict[str, list[int]]
    _grouping: Groups
    _restates: dict[str, str]
    _part: np.ndarray
    _current: np.ndarray
    #: (lexical, dense, their tops) of the last question asked: compared by identity
    _last_tops: tuple[np.ndarray, np.ndarray, tuple[float, float]] | None = None

    if TYPE_CHECKING:

        def _issue_evidence(
            self, issue: Issue, allowed: np.ndarray, mask_key: int
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...

    def _best_passage(
        self, group: str, lexical: np.ndarray, dense: np.ndarray, allowed: np.ndarray
    ) -> int:
        """The passage of a Pasal to show: the one both sides like best (scaled per query)."""
        ids = np.array([i for i in self._groups[group] if allowed[i]] or self._groups[group])
        top_l, top_d = self._tops(lexical, dense)
        d = dense[ids]
        low = float(d[d > 0].min()) if (d > 0).any() else 0.0
        span = (top_d - low) or 1.0
        score = lexical[ids] / top_l + np.where(d > 0, (d - low) / span, 0.0)
        return int(ids[int(np.argmax(score))])

    def _tops(self, lexical: np.ndarray, dense: np.ndarray) -> tuple[float, float]:
        """The top lexical and dense passage scores of a question, kept for the arrays last
        asked about: a search picks the shown unit of some 25 Pasal from the same two."""
        last = self._last_tops
        if last is not None and last[0] is lexical and last[1] is dense:
            return last[2]
        tops = (float(lexical.max()) or 1.0, float(dense.max()))
        self._last_tops = (lexical, dense, tops)
        return tops

    def _restated(
        self,
        group_scores: dict[str, float],
        lexical: np.ndarray,
        dense: np.ndarray,
        allowed: np.ndarray,
    ) -> list[tuple[str, float, int]]:
        """The statute to put right above a regulation hit whose matching unit restates it,
        as (statute Pasal, its new score, its unit to show)."""
        restates = self._restates
        if not restates:
            return []
        out: list[tuple[str, float, int]] = []
        raised: dict[str, float] = {}
        top = sorted(group_scores.items(), key=lambda kv: -kv[1])[: self.config.restatement_top]
        for group, score in top:
            # the unit that matched, the one shown: a regulation that adds detail the statute
            # lacks ("narkotika", the sanction for skipping the pre-departure orientation)
            # matched on that detail, which restates nothing. Judged by the words alone, a
            # delegation clause of PP 59/2021 Pasal 86 that restates UU 18/2017 Pasal 37
            # lifted the statute above the regulation's own answer (dev3 MRR .711 → .758)
            if not any(allowed[i] for i in self._groups[group]):
                continue
            i = self._best_passage(group, lexical, dense, allowed)
            target = restates.get(self.index.passages[i].citation)
            if target is None or target not in self._by_citation:
                continue
            j = self._by_citation[target][0]
            if not allowed[j]:
                continue
            statute = self.index.passages[j].group
            current = raised.get(statute, group_scores.get(statute, 0.0))
            if current <= score:
                raised[statute] = score * (1 + 1e-6)
                out.append((statute, raised[statute], j))
        # a statute raised twice keeps its last (highest) score
        return [(g, v, j) for g, v, j in out if raised[g] == v]

    @cached_property
    def _sanction_kind(self) -> dict[str, str]:
        """Which Pasal impose a sanction ("sanction") or make a corporation liable ("liability"),
        read off their own words: the graph then tells which prohibition each one punishes."""
        out: dict[str, str] = {}
        for group, ids in self._groups.items():
            text = " ".join(
                self.index.passages[i].text
                for i in ids
                if self._part[i] == "body" and self._current[i]
            )
            if not SANCTION_TEXT.search(text):
                continue
            out[group] = "liability" if LIABILITY_TEXT.search(text) else "sanction"
        return out

    def _same_law_links(self, group: str) -> list[str] | None:
        """The Pasal of its own law that a Pasal cites or is cited by; None for a hub
        (definitions, a corporate-liability list), which cites too many to say which one
        punishes what was asked."""
        doc = group.split(" Pasal ")[0]
        linked = [
            t
            for t in self.index.links.get(group, {}).get("linked", [])
            if t.split(" Pasal ")[0] == doc
        ]
        return None if len(linked) > self.config.sanction_max_links else linked

    def _issue_prohibitions(self, q: str, allowed: np.ndarray) -> list[str]:
        """For each legal issue of a penalty question, the prohibition its statutory question
        finds first among its best few Pasal that a sanction of the same law punishes (the
        unlicensed recruiter: UU 18/2017 Pasal 69, punished by Pasal 81): what was done,
        read in the law's words, where the question's own words name the penalty."""
        kinds = self._sanction_kind
        key = hash(allowed.tobytes())
        out: list[str] = []
        for issue in issues_in(q):
            evidence = self._issue_evidence(issue, allowed, key)[0]
            for g in np.argsort(-evidence)[: self.config.sanction_issue_candidates]:
                group = self._grouping.names[g]
                linked = self._same_law_links(group) if evidence[g] > 0 else None
                if (
                    kinds.get(group) is None
                    and linked
                    and any(kinds.get(t) == "sanction" for t in linked)
                ):
                    if group not in out:
                        out.append(group)
                    break
        return out

    def _sanction_scores(
        self, q: str, group_scores: dict[str, float], allowed: np.ndarray
    ) -> dict[str, float]:
        """For "what is the penalty?": each top provision brings the sanction that punishes it
        (and the corporate liability for that sanction) right below it, and a top sanction
        brings the prohibition it punishes; both found through the cross-reference graph. The
        prohibitions of the question's legal issues join the first screen the same way, at
        the score of the SANCTION_ISSUE_RANK-th answer: a question naming a penalty and a
        licence ("sanksi ... tanpa izin") matched the sanctions' own words ("pencabutan
        izin"), not what was done."""
        c = self.config
        kinds = self._sanction_kind
        ranked = sorted(group_scores.items(), key=lambda kv: -kv[1])
        top = ranked[: c.sanction_top]
        out: dict[str, float] = {}

        def lift(group: str, score: float) -> None:
            if group in self._groups and any(allowed[i] for i in self._groups[group]):
                out[group] = max(out.get(group, 0.0), score)

        if ranked and c.on("issues"):  # the issues come from the checklist stage
            anchor = ranked[min(c.sanction_issue_rank, len(ranked)) - 1][1]
            for n, group in enumerate(self._issue_prohibitions(q, allowed)):
                score = anchor * c.sanction_follow ** (4 * n)
                if score > group_scores.get(group, 0.0):
                    lift(group, score)
                    top.append((group, score))
        for group, score in top:
            linked = self._same_law_links(group)
            if linked is None:
                continue
            own = kinds.get(group)
            for other in linked:
                kind = kinds.get(other)
                if own is None and kind == "sanction":
                    lift(other, score * c.sanction_follow)
                    for third in self.index.links.get(other, {}).get("linked", []):
                        if kinds.get(third) == "liability":
                            lift(third, score * c.sanction_follow**3)
                elif own is None and kind == "liability":
                    lift(other, score * c.sanction_follow**3)
                elif own == "sanction" and kind is None:
                    lift(other, score * c.sanction_follow)
        return {g: v for g, v in out.items() if v > group_scores.get(g, 0.0)}

    @cached_property
    def _implementing(self) -> dict[str, tuple[str, ...]]:
        """Statute Pasal → the regulation Pasal that carry out its delegations, unit by unit
        (sources/delegation.py); read on the first question on procedure."""
        if self.delegation_links is None:
            return {}
        return implementing_groups(self.delegation_links(), self._group_of)

    def _group_of(self, citation: str) -> str | None:
        """The indexed Pasal holding a unit (its own passage, or a parent's)."""
        while citation:
            ids = self._by_citation.get(citation)
            if ids:
                return self.index.passages[ids[0]].group
            if citation in self._groups:
                return citation
            cut = max(
                citation.rfind(" ayat "), citation.rfind(" huruf "), citation.rfind(" angka ")
            )
            citation = citation[:cut] if cut > 0 else ""
        return None

    def _delegated_scores(
        self, group_scores: dict[str, float], allowed: np.ndarray
    ) -> dict[str, float]:
        """For a question on procedure: each top statute Pasal whose delegation a regulation
        carries out brings the implementing Pasal the question matches best right below it
        (the law states the principle; the regulation says how)."""
        c = self.config
        top = sorted(group_scores.items(), key=lambda kv: -kv[1])[: c.delegation_top]
        out: dict[str, float] = {}
        for group, score in top:
            candidates = [
                g
                for g in self._implementing.get(group, ())
                if group_scores.get(g, 0.0) > 0 and any(allowed[i] for i in self._groups[g])
            ]
            if not candidates:
                continue
            best = max(candidates, key=lambda g: group_scores[g])
            lifted = score * c.delegation_follow
            if lifted > max(group_scores[best], out.get(best, 0.0)):
                out[best] = lifted
        return out

    def _graph_scores(
        self, group_scores: dict[str, float], allowed: np.ndarray
    ) -> dict[str, float]:
        """Lift provisions linked by cross-references to the top results (prohibition ↔ sanction)."""
        top = sorted(group_scores.items(), key=lambda kv: -kv[1])[: self.config.graph_top]
        out: dict[str, float] = {}
        for group, score in top:
            for tgroup in self.index.links.get(group, {}).get("linked", []):
                if tgroup == group or tgroup not in self._groups:
                    continue
                if not any(allowed[i] for i in self._groups[tgroup]):
                    continue
                out[tgroup] = max(out.get(tgroup, 0.0), self.config.graph_weight * score)
        return out


def implementing_groups(
    links: list[tuple[str, str]], group_of: Callable[[str], str | None]
) -> dict[str, tuple[str, ...]]:
    """(delegating unit, implementing unit) pairs as Pasal → implementing Pasal, in order,
    pairs whose units are not indexed left out."""
    out: dict[str, dict[str, None]] = {}
    for delegating, implementing in links:
        statute, regulation = group_of(delegating), group_of(implementing)
        if statute is not None and regulation is not None and statute != regulation:
            out.setdefault(statute, {})[regulation] = None
    return {k: tuple(v) for k, v in out.items()}
