"""A tiny real stanza NER model, trained from synthetic sentences inside the test session.

It cannot say how good Stanford's models are; it shows that the stanza backend's
entities reach the attribution engine through the code path users run. The
model learns, among others, names written in lower case ("danah boyd"), which
the built-in backend (runs of capitalised words) cannot see.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = ["Tomas", "Helena", "Priya", "Samuel", "Rahm", "Daniel", "Karine", "Lloyd", "Ana",
         "Marco", "Nadia", "Felix", "Iris", "Omar", "Vera", "Hugo"]
LAST = ["Okafor", "Marsh", "Raman", "Whitcombe", "Emanuel", "Kritenbrink", "Duarte",
        "Austin", "Berg", "Holm", "Lind", "Kessler", "Moreau", "Tanaka", "Varga", "Quinn"]
LOWER = ["danah boyd", "bell hooks", "mari kondo", "ada lindqvist", "oskar tellby"]
ORGS = ["Velden Port Authority", "Harbour Union", "City Council", "Coastline Transit"]
NOUNS = ["pier", "budget", "ferry", "bridge", "vote", "study", "plan", "report", "road"]
VERBS = ["reopen", "wait", "pass", "close", "change", "start", "end", "grow"]
DAYS = ["Monday", "Tuesday", "Friday", "Sunday"]
TITLES = ["Ambassador", "Mayor", "Rep.", "Minister", "Sen.", "Mrs.", "Mr."]


def _name(rng: random.Random) -> list[str]:
    if rng.random() < 0.3:
        return rng.choice(LOWER).split()
    return [rng.choice(FIRST), rng.choice(LAST)]


def _tagged(words: list[str], label: str) -> list[tuple[str, str]]:
    if len(words) == 1:
        return [(words[0], f"S-{label}")]
    return ([(words[0], f"B-{label}")] + [(w, f"I-{label}") for w in words[1:-1]]
            + [(words[-1], f"E-{label}")])


def sentences(n: int, seed: int) -> list[list[tuple[str, str]]]:
    """``n`` tagged sentences (BIOES) in a few reporting patterns."""
    rng = random.Random(seed)
    out: list[list[tuple[str, str]]] = []
    for _ in range(n):
        noun, verb, day = rng.choice(NOUNS), rng.choice(VERBS), rng.choice(DAYS)
        speaker = _tagged(_name(rng), "PER")
        words = [(w, "O") for w in ["the", noun, "will", verb]]
        pattern = rng.randrange(8)
        if pattern == 0:
            sent = speaker + [(w, "O") for w in ["said", "on", day, "that"]] + words + [
                (".", "O")]
        elif pattern == 1:
            sent = ([("“", "O")] + [(w.capitalize() if i == 0 else w, t)
                                   for i, (w, t) in enumerate(words)]
                    + [(",", "O"), ("”", "O"), ("said", "O")] + speaker + [(".", "O")])
        elif pattern == 2:
            sent = speaker + [(w, "O") for w in ["told", "reporters", ":", "“"]] + words + [
                (".", "O"), ("”", "O")]
        elif pattern == 3:
            org = _tagged(rng.choice(ORGS).split(), "ORG")
            sent = [("The", "O")] + org + [(w, "O") for w in ["said", "the", noun, "will",
                                                                 verb, "."]]
        elif pattern == 4:
            title = [(rng.choice(TITLES), "O")]
            sent = title + speaker + [(rng.choice(["arrived", "spoke", "left", "agreed"]),
                                       "O"), ("on", "O"), (day, "O"), (".", "O")]
        elif pattern == 5:
            sent = [(w, "O") for w in ["“", "It", "is", "wrong", ",", "”", "a",
                                        rng.choice(["senior", "local", "former"]),
                                        rng.choice(["official", "resident", "worker"]),
                                        "said", "."]]
        elif pattern == 6:
            sent = [(rng.choice(TITLES), "O")] + speaker + [
                (w, "O") for w in ["(", "D-Wis", ".", ")", "said", ":", "“", "It", "is",
                                   "wrong", ".", "”"]]
        else:
            sent = [(w.capitalize() if i == 0 else w, "O") for i, w in enumerate(
                ["the", noun, "will", verb, "on", day, "."])]
        out.append(sent)
    return out


def train(root: Path, lang: str = "en") -> Path:
    """Train the model and install it in a stanza resources folder at ``root``.

    Returns ``root``: ``resources.json``, ``<lang>/ner/tiny.pt`` and
    ``<lang>/pretrain/tiny.pt``, the layout ``quotecheck models`` reads.
    """
    import numpy as np
    import torch
    from stanza.models import ner_tagger
    from stanza.models.common.pretrain import Pretrain

    torch.set_num_threads(1)
    work = root / "work"
    work.mkdir(parents=True, exist_ok=True)
    train_data, dev_data = sentences(600, seed=1), sentences(80, seed=2)
    for name, data in (("train.json", train_data), ("dev.json", dev_data)):
        (work / name).write_text(json.dumps(
            [[{"text": w, "ner": t} for w, t in sent] for sent in data]), encoding="utf-8")
    vocab = sorted({w.lower() for sent in train_data + dev_data for w, _ in sent})
    rng = np.random.default_rng(0)
    vectors = work / "vectors.txt"
    with vectors.open("w", encoding="utf-8") as out:
        out.write(f"{len(vocab)} 16\n")
        for word in vocab:
            out.write(word + " " + " ".join(f"{v:.4f}" for v in rng.normal(0, 0.1, 16)) + "\n")
    (root / lang / "pretrain").mkdir(parents=True, exist_ok=True)
    (root / lang / "ner").mkdir(parents=True, exist_ok=True)
    pretrain = root / lang / "pretrain" / "tiny.pt"
    Pretrain(str(pretrain), str(vectors)).load()
    ner_tagger.main([
        "--train_file", str(work / "train.json"), "--eval_file", str(work / "dev.json"),
        "--wordvec_pretrain_file", str(pretrain), "--shorthand", f"{lang}_tiny",
        "--save_dir", str(root / lang / "ner"), "--save_name", "tiny.pt",
        "--word_emb_dim", "16", "--hidden_dim", "32", "--char_hidden_dim", "16",
        "--char_emb_dim", "16", "--batch_size", "16", "--max_steps", "300",
        "--eval_interval", "100", "--cpu",
    ])
    (root / "resources.json").write_text(json.dumps({lang: {"lang_name": "English"}}),
                                         encoding="utf-8")
    return root
