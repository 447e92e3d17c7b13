"""The stanza backend: Stanford's neural named-entity recogniser over our tokens.

quotecheck tokenises and splits sentences itself (the lexicon knows "Mr." and
"Tổng thống"), then hands the sentences to stanza as pretokenized words and
reads its PERSON and ORG entities back by token index: stanza's own character
offsets index its space-joined text, not the document, so they are never used.
Quote finding, cues, resolution and the rules stay the same.

Models are never downloaded here: pipelines load with ``download_method=None``
from the stanza resources folder (``STANZA_RESOURCES_DIR``, else stanza's
default), and ``quotecheck models download`` is the only way in. One pipeline
per language is built on first use and reused; torch gets one thread per
process unless ``QUOTECHECK_TORCH_THREADS`` says otherwise.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotecheck.backends import Analysis, Entity, EntityLabel
from quotecheck.backends.builtin import name_runs, sentences, tokenize
from quotecheck.errors import ModelMissing, UsageError
from quotecheck.lexicon import Lexicon

# stanza's entity types that name a speaker, by dataset: CoNLL (PER, ORG) and
# OntoNotes (PERSON, ORG, NORP is not a speaker).
_LABELS: dict[str, EntityLabel] = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG"}


def installed() -> bool:
    """Whether the stanza package can be imported (the ``stanza`` extra)."""
    from importlib.util import find_spec

    return find_spec("stanza") is not None


def resources_dir() -> Path:
    """Where stanza models live: ``STANZA_RESOURCES_DIR`` or stanza's default."""
    configured = os.environ.get("STANZA_RESOURCES_DIR")
    return Path(configured) if configured else Path.home() / "stanza_resources"


@dataclass(frozen=True)
class Model:
    """The files of one language's NER model in the resources folder."""

    lang: str
    ner: Path
    pretrain: Path | None
    forward_charlm: Path | None
    backward_charlm: Path | None

    def pipeline_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"ner_model_path": str(self.ner)}
        if self.pretrain:
            options["ner_pretrain_path"] = str(self.pretrain)
        if self.forward_charlm and self.backward_charlm:
            options["ner_forward_charlm_path"] = str(self.forward_charlm)
            options["ner_backward_charlm_path"] = str(self.backward_charlm)
        return options


def _default_package(root: Path, lang: str, processor: str) -> str | None:
    try:
        resources = json.loads((root / "resources.json").read_text(encoding="utf-8"))
        package = resources[lang]["default_processors"][processor]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return package if isinstance(package, str) else None


def _model_file(root: Path, lang: str, processor: str) -> Path | None:
    """The processor's model file: the language's default package, else the only one."""
    folder = root / lang / processor
    files = sorted(folder.glob("*.pt")) if folder.is_dir() else []
    default = _default_package(root, lang, processor)
    for path in files:
        if path.stem == default:
            return path
    return files[0] if files else None


def find_model(lang: str, root: Path | None = None) -> Model | None:
    """The NER model of ``lang`` in the resources folder, or ``None``."""
    root = root or resources_dir()
    ner = _model_file(root, lang, "ner")
    if ner is None or not (root / "resources.json").is_file():
        return None
    return Model(lang, ner, _model_file(root, lang, "pretrain"),
                 _model_file(root, lang, "forward_charlm"),
                 _model_file(root, lang, "backward_charlm"))


def _need_stanza(what: str) -> None:
    if not installed():
        raise UsageError(f"{what} needs the stanza extra: pip install 'quotecheck[stanza]'")


def require(lang: str | None) -> None:
    """Fail at once, with the fix, when ``--backend stanza`` cannot run."""
    _need_stanza("--backend stanza")
    if lang is not None and find_model(lang) is None:
        raise ModelMissing(missing_model_message(lang))


def status() -> str:
    """What ``quotecheck models status`` prints."""
    from importlib.metadata import PackageNotFoundError, version

    lines = []
    for package in ("stanza", "torch"):
        try:
            lines.append(f"{package}: {version(package)}")
        except PackageNotFoundError:
            lines.append(f"{package}: not installed"
                         + (" (pip install 'quotecheck[stanza]')" if package == "stanza" else ""))
    root = resources_dir()
    lines.append(f"models folder: {root}"
                 + ("" if os.environ.get("STANZA_RESOURCES_DIR") else
                    " (set STANZA_RESOURCES_DIR to use another)"))
    from quotecheck import lexicon

    for lang in lexicon.available():
        model = find_model(lang, root)
        if model is None:
            lines.append(f"  {lang}: no NER model (quotecheck models download {lang})")
        else:
            extra = ", ".join(name for name, path in (
                ("pretrain", model.pretrain), ("charlm", model.forward_charlm)) if path)
            lines.append(f"  {lang}: NER {model.ner.relative_to(root)}"
                         + (f" with {extra}" if extra else ""))
    return "\n".join(lines)


def download(langs: list[str]) -> None:
    """Fetch each language's tokenizer and NER models with stanza's own downloader."""
    _need_stanza("quotecheck models download")
    import stanza

    for lang in langs:
        try:
            stanza.download(lang, model_dir=str(resources_dir()),
                            processors="tokenize,ner", logging_level="INFO")
        except Exception as exc:  # network refused, unknown language: say which, go on
            raise UsageError(f"could not download stanza models for '{lang}': "
                             f"{type(exc).__name__}: {exc}") from None


def missing_model_message(lang: str) -> str:
    return (f"no stanza NER model for '{lang}' in {resources_dir()}; "
            f"run: quotecheck models download {lang}")


class StanzaBackend:
    """Our tokens and sentences; stanza's PERSON and ORG entities, then our name runs."""

    name = "stanza"

    def __init__(self) -> None:
        _need_stanza("--backend stanza")
        self._pipelines: dict[str, Any] = {}

    def _pipeline(self, lang: str) -> Any:
        if lang not in self._pipelines:
            model = find_model(lang)
            if model is None:
                raise ModelMissing(missing_model_message(lang))
            import stanza
            import torch

            torch.set_num_threads(int(os.environ.get("QUOTECHECK_TORCH_THREADS", "1")))
            self._pipelines[lang] = stanza.Pipeline(
                lang=lang, dir=str(resources_dir()), processors="tokenize,ner",
                tokenize_pretokenized=True, download_method=None, logging_level="WARN",
                use_gpu=False, **model.pipeline_options())
        return self._pipelines[lang]

    def analyze(self, text: str, lexicon: Lexicon, *, start: int = 0) -> Analysis:
        tokens = tokenize(text, lexicon, start)
        spans = sentences(text, tokens, start)
        groups: list[list[int]] = []  # token indices of each sentence
        i = 0
        for span in spans:
            group: list[int] = []
            while i < len(tokens) and tokens[i].start < span.end:
                if tokens[i].start >= span.start:
                    group.append(i)
                i += 1
            if group:
                groups.append(group)
        words = [[text[tokens[k].start : tokens[k].end] for k in group] for group in groups]
        entities: list[Entity] = []
        if words:
            document = self._pipeline(lexicon.code)(words)
            for group, sentence in zip(groups, document.sentences, strict=True):
                entities.extend(_entities(group, [t.ner for t in sentence.tokens]))
        # The model's entities first; a capitalised run it did not tag (a name it
        # has never seen) still counts, as with the built-in backend.
        tagged = {k for e in entities for k in range(e.first, e.last + 1)}
        entities += [run for run in name_runs(text, tokens, lexicon)
                     if not any(k in tagged for k in range(run.first, run.last + 1))]
        return Analysis(tokens=tuple(tokens), sentences=tuple(spans),
                        entities=tuple(sorted(entities, key=lambda e: e.first)),
                        backend=self.name)


def _entities(indices: list[int], tags: list[str]) -> list[Entity]:
    """Entities from BIOES (or BIO) tags, as document token indices."""
    found: list[Entity] = []
    begin: int | None = None
    label: EntityLabel | None = None
    for position, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        inside = prefix in ("I", "E") and begin is not None and _LABELS.get(kind) == label
        if begin is not None and not inside:
            found.append(Entity(indices[begin], indices[position - 1], label or "NAME"))
            begin = None
        if prefix in ("B", "S") or (prefix in ("I", "E") and begin is None):
            mapped = _LABELS.get(kind)
            if mapped is not None:
                begin, label = position, mapped
        if prefix in ("E", "S") and begin is not None:
            found.append(Entity(indices[begin], indices[position], label or "NAME"))
            begin = None
    return found
