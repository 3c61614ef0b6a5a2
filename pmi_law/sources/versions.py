"""Versions of a law: the base text with its amending laws applied in order of date.

Each date on which a law changed gives a consolidated Document (a *state*); a unit's
history is read from the states (its text in each, and which instruction touched it).
A partial amendment replaces only what it names; a Pasal restated whole keeps, of its
units, those whose words did not change (compared without OCR noise), so unchanged
units stay byte-identical to the clean primary text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from pmi_law.models import Document, Node

from .amend import Operation, numbered_items
from .clean import read_number

Path = tuple[tuple[str, str], ...]
CHANGES = ("asli", "diubah", "disisipkan", "dihapus")
DELETED_TEXT = "Dihapus."


@dataclass(frozen=True, slots=True)
class Version:
    """One wording of a unit and when it was in force (``valid_to`` None: still latest)."""

    text: str
    valid_from: date | None
    valid_to: date | None
    by: str | None  # the amending unit ("Perppu 2/2022 Pasal 84 angka 2"); None for asli
    change: str  # asli | diubah | disisipkan | dihapus

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "by": self.by,
            "change": self.change,
        }


@dataclass(frozen=True, slots=True)
class Amendment:
    """One amending Pasal of another law, its date and its parsed instructions."""

    by: str  # "UU 11/2020 Pasal 84"
    date: date
    operations: tuple[Operation, ...]
    #: the amending law's Penjelasan of each instruction, by its angka ("Pasal 59 Ayat (1) …")
    elucidation: dict[int, str] = field(default_factory=dict, compare=False)


class Timeline:
    """The states of one law through its amendments, oldest first."""

    def __init__(self, base: Document, base_date: date | None, amendments: list[Amendment]) -> None:
        self.base = base
        self.states: list[tuple[date | None, Document]] = [(base_date, base)]
        # per state: path → (by, change) of the instruction that touched it
        self.touched: list[dict[Path, tuple[str, str]]] = [{}]
        self.problems: list[str] = []  # instructions that could not be applied
        self.missing: list[str] = []  # amending Pasal the corpus does not hold
        self.unit_notes: dict[Path, list[str]] = {}  # per unit: what the source lost
        for amendment in sorted(amendments, key=lambda a: a.date):
            doc = copy_document(base if len(self.states) == 1 else self.states[-1][1])
            touched: dict[Path, tuple[str, str]] = {}
            for op in amendment.operations:
                self._apply(doc, op, touched)
                if op.number in amendment.elucidation and op.action in ("diubah", "disisipkan"):
                    _attach_amending_penjelasan(doc, op, amendment.elucidation[op.number])
            doc.attach()
            from .resolve import resolve_document

            resolve_document(doc)
            self.states.append((amendment.date, doc))
            self.touched.append(touched)

    # ------------------------------------------------------------------ queries

    @property
    def latest(self) -> Document:
        return self.states[-1][1]

    def at(self, when: date | None) -> Document:
        """The state in force on ``when`` (None: the latest known)."""
        if when is None:
            return self.latest
        chosen = self.states[0][1]
        for valid_from, doc in self.states:
            if valid_from is None or valid_from <= when:
                chosen = doc
        return chosen

    def versions(self, path: Path) -> list[Version]:
        """The history of one unit: a new version wherever an instruction touched it or
        its words changed."""
        out: list[Version] = []
        for i, (valid_from, doc) in enumerate(self.states):
            node = doc.find(path)
            open_ = bool(out) and out[-1].valid_to is None
            if node is None:
                if open_:
                    out[-1] = _close(out[-1], valid_from)
                continue
            text = node.full_text()
            hit = self._touch(i, path)
            if open_ and hit is None:
                if out[-1].text == text:
                    continue
                hit = self._ancestor(i, path)
            if open_:
                out[-1] = _close(out[-1], valid_from)
            if i == 0:
                by, change = None, "asli"
            else:
                by, change = hit or (None, "diubah")
                if not out and change == "diubah":
                    change = "disisipkan"
            out.append(Version(text, valid_from, None, by, change))
        return out

    def changed(self, path: Path) -> list[tuple[str, str]]:
        """(by, change) of every instruction that touched this unit, oldest first."""
        return [hit for i in range(1, len(self.states)) if (hit := self._touch(i, path))]

    def _touch(self, i: int, path: Path) -> tuple[str, str] | None:
        touched = self.touched[i]
        if path in touched:
            return touched[path]
        inside = [p for p in touched if p[: len(path)] == path]  # a unit inside it changed
        if inside:
            return touched[inside[0]][0], "diubah"
        return None

    def _ancestor(self, i: int, path: Path) -> tuple[str, str] | None:
        for n in range(len(path) - 1, 0, -1):
            hit = self.touched[i].get(path[:n])
            if hit:
                return hit[0], "diubah"
        return None

    # ------------------------------------------------------------------ applying

    def _apply(self, doc: Document, op: Operation, touched: dict[Path, tuple[str, str]]) -> None:
        if op.action == "penjelasan":
            for path in op.targets:
                node = doc.find(path)
                if node is not None:
                    note = (
                        f"Penjelasan diubah oleh {op.by} (teks dalam Penjelasan undang-undang itu)."
                    )
                    node.elucidation = note
            return
        if op.action == "dihapus":
            for path in op.targets:
                node = doc.find(path)
                if node is None:
                    self.problems.append(f"{op.by}: {_label(path)} not found to delete")
                    continue
                node.text = DELETED_TEXT
                node.children = []
                node.elucidation = None
                touched[path] = (op.by, "dihapus")
            return
        quoted = {u.number: u for u in op.units}
        for path in op.targets:
            pasal_number = path[0][1]
            new = quoted.get(pasal_number)
            current = doc.find(path[:1])
            if len(path) > 1:
                self._replace_part(doc, op, path, current, new, touched)
                continue
            if new is None:
                self.problems.append(f"{op.by}: the new text of {_label(path)} was not found")
                if current is not None:  # changed, but the source lost the new words
                    current.text, current.children, current.elucidation = "", [], None
                    touched[path] = (op.by, "diubah")
                    self.unit_notes.setdefault(path, []).append(
                        f"Diubah oleh {op.by}, tetapi teks barunya tidak ada di sumber "
                        "(hilang dalam OCR); teks sebelumnya ada di riwayat versi."
                    )
                continue
            new = copy_node(new)
            if current is None:
                _insert(doc, new)
                touched[path] = (op.by, "disisipkan")
                continue
            kept = _keep_unchanged(current, new, path, self._ever_touched(path))
            _swap(current, new)
            touched[path] = (op.by, "diubah" if op.action == "diubah" else "disisipkan")
            for child in new.children:
                if (child.kind, child.number) not in kept:
                    touched.setdefault((*path, (child.kind, child.number)), (op.by, "diubah"))
            doc.attach()

    def _replace_part(
        self,
        doc: Document,
        op: Operation,
        path: Path,
        current: Node | None,
        new: Node | None,
        touched: dict[Path, tuple[str, str]],
    ) -> None:
        """'Pasal 1 angka 9 diubah': take angka 9 of the quote, put it in place of angka 9."""
        if current is None:
            self.problems.append(f"{op.by}: {_label(path[:1])} not found")
            return
        kind, number = path[-1]
        replacement: Node | None = None
        if new is not None:
            replacement = next((n for n in new.walk() if n.path[1:] == path[1:]), None)
        if replacement is None and kind == "angka":
            items = numbered_items(op.text)
            if number in items:
                replacement = Node("angka", number, items[number])
        if replacement is None:
            self.problems.append(f"{op.by}: the new text of {_label(path)} was not found")
            return
        replacement = copy_node(replacement)
        parent = doc.find(path[:-1]) or current
        old = doc.find(path)
        if old is None:
            parent.add(replacement)
            touched[path] = (op.by, "disisipkan")
        else:
            replacement.elucidation = None
            _swap(old, replacement)
            touched[path] = (op.by, "diubah")
        doc.attach()

    def _ever_touched(self, path: Path) -> set[Path]:
        return {p for touched in self.touched for p in touched if p[: len(path)] == path}


# ---------------------------------------------------------------------------- helpers


def _close(v: Version, when: date | None) -> Version:
    return Version(v.text, v.valid_from, when, v.by, v.change)


def _label(path: Path) -> str:
    from pmi_law.models import unit_label

    return " ".join(unit_label(k, n) for k, n in path)


_NOISE = str.maketrans({"l": "i", "1": "i", "I": "i", "|": "i", "0": "o", "O": "o"})


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def same_words(a: str, b: str) -> bool:
    """Whether two texts say the same once OCR noise is set aside.

    Split or joined words ("Pekerj a", "Indonesiayang") and a few wrong letters inside a
    word ("perrrndang", "lndonesia") are noise; a word that differs as a whole ("Menteri"
    for "Pemerintah Pusat") or any differing number is a change.
    """
    wa, wb = _words(a), _words(b)
    na, nb = [w.translate(_NOISE) for w in wa], [w.translate(_NOISE) for w in wb]
    if "".join(na) == "".join(nb):
        return True
    matcher = difflib.SequenceMatcher(None, na, nb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        x, y = "".join(na[i1:i2]), "".join(nb[j1:j2])
        if x == y:
            continue
        if re.search(r"\d", "".join(wa[i1:i2]) + "".join(wb[j1:j2])):
            return False  # "30 hari" is not "60 hari"
        if _distance(x, y) > max(2, min(len(x), len(y)) // 5):
            return False
    return True


def _distance(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 8:
        return abs(len(a) - len(b))
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _keep_unchanged(
    current: Node, new: Node, path: Path, amended: set[Path]
) -> set[tuple[str, str]]:
    """Where a restated unit says what the original said, keep the original's words.

    Only units never amended before keep theirs: a unit already changed takes the newest
    amending text (the law in force names that law as its source). Returns the kept
    children (kind, number).
    """
    if path not in amended and same_words(current.text, new.text):
        new.text = current.text
    old_children = {(c.kind, c.number): c for c in current.children}
    kept: set[tuple[str, str]] = set()
    for i, child in enumerate(new.children):
        key = (child.kind, child.number)
        old = old_children.get(key)
        child_path = (*path, key)
        if old is None or any(p[: len(child_path)] == child_path for p in amended):
            continue
        if same_words(old.full_text(), child.full_text()):
            copy = copy_node(old)
            new.children[i] = copy
            copy.parent = new
            kept.add(key)
    return kept


def _attach_amending_penjelasan(doc: Document, op: Operation, text: str) -> None:
    """The amending law's Penjelasan of an instruction, on the Pasal it quotes (each Pasal's
    part when it quotes several: "Pasal 88A … Pasal 88B …")."""
    from .penjelasan import attach_amending_entry

    numbers = {path[0][1] for path in op.targets if len(path) == 1}
    if not numbers:
        return
    heads = [
        (h, number)
        for h in re.finditer(r"(?:^|\s)Pasal\s+(?P<n>[0-9lIO]{1,3}[A-Z]?)\b", text)
        # "88B" reads as 888 or 88B: the reading the instruction names
        for number in [next((n for n in read_number(h["n"]) if n in numbers), "")]
        if number
    ]
    if not heads:
        return
    # the next instruction's heading ("Angka 18", doubled at a page turn) is not this one's
    text = re.sub(r"(?:\s+Angka\s+[0-9lIO]{1,3})+\s*$", "", text)
    doc.attach()  # an inserted Pasal is not in the index yet
    for i, (head, number) in enumerate(heads):
        end = heads[i + 1][0].start() if i + 1 < len(heads) else len(text)
        node = doc.find((("pasal", number),))
        if node is not None:
            for unit in node.walk():
                unit.elucidation = None  # the old Penjelasan explained the old words
            attach_amending_entry(node, text[head.start() : end])
            for unit in node.walk():
                _note_foreign_term(unit)


_TERM = re.compile(r"[Yy]ang\s+dimaksud\s+(?:dengan\s+)?[\"“”'](?P<term>[^\"“”']{3,80})[\"“”']")


def _note_foreign_term(unit: Node) -> None:
    """A Penjelasan entry that explains a term its unit does not contain was printed out of
    its place (the source's columns, OCR): it stays, with a note the reader sees."""
    labels = re.findall(r"(?m)^(?:Ayat|Huruf|Angka)\s+\S+$", unit.elucidation or "")
    if labels:  # entries the parser could not place: "Ayat (3)" of a Pasal with two ayat
        unit.notes.append(
            f"Penjelasan entries for units not found here ({', '.join(labels[:4])}"
            f"{' …' if len(labels) > 4 else ''}) left as found in the source (OCR); read the source"
        )
    words = set(re.findall(r"[a-z0-9]+", unit.full_text().lower()))
    for m in _TERM.finditer(unit.elucidation or ""):
        term = re.findall(r"[a-z0-9]+", m["term"].lower())
        if term and sum(w in words for w in term) < max(1, round(0.7 * len(term))):
            unit.notes.append(
                f"Penjelasan possibly out of place in the source (OCR): it explains"
                f" {m['term']!r}, which this unit's words do not contain; read the source"
            )
            return


def _swap(old: Node, new: Node) -> None:
    """Put ``new`` where ``old`` stands in the tree."""
    parent = old.parent
    siblings = (
        parent.children if parent is not None else (old.document.children if old.document else [])
    )
    for i, sibling in enumerate(siblings):
        if sibling is old:
            siblings[i] = new
            new.parent = parent
            return


def _insert(doc: Document, new: Node) -> None:
    """An inserted Pasal goes after the Pasal it follows (89A after 89)."""
    from .headings import pasal_key as _pasal_key

    key = _pasal_key(new.number)
    before: Node | None = None
    for pasal in doc.nodes("pasal"):
        if _pasal_key(pasal.number) < key:
            before = pasal
    if before is None:
        doc.add(new)
        return
    siblings = before.parent.children if before.parent is not None else doc.children
    siblings.insert(siblings.index(before) + 1, new)
    new.parent = before.parent


def copy_node(node: Node) -> Node:
    """A deep copy of a unit and everything below it (references are recomputed later)."""
    new = Node(node.kind, node.number, node.text, node.heading)
    new.elucidation = node.elucidation
    new.notes = list(node.notes)
    new.repairs = list(node.repairs)
    for child in node.children:
        new.add(copy_node(child))
    return new


def copy_document(doc: Document) -> Document:
    """A deep copy of a document's tree and metadata, ready to be amended."""
    new = Document(doc.info)
    for attr in (
        "preamble",
        "menimbang",
        "mengingat",
        "enactment",
        "closing",
        "elucidation_heading",
        "elucidation_general",
    ):
        setattr(new, attr, getattr(doc, attr))
    new.unattached_elucidation = list(doc.unattached_elucidation)
    new.lost_headings = list(doc.lost_headings)
    new.repairs = list(doc.repairs)
    for top in doc.children:
        new.add(copy_node(top))
    new.attach()
    return new
