"""Untrusted corpora must never harm the machine (issue 12, items 1-5).

Device files are only ever created and written inside a private mount
namespace (``unshare -m``, a tmpfs on /dev, mknod): never the real /dev.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quotecheck import lexicon
from quotecheck.cli import main
from quotecheck.reading import read
from quotecheck.records import Document, Skipped

STORY = "Harbour Minister Helena Marsh said: “The northern pier will reopen in March.”\n"


def _corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(STORY, encoding="utf-8")
    return root


def _namespace_available() -> str | None:
    """Why the mount-namespace test cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root to mount a tmpfs on /dev in a private namespace"
    if shutil.which("unshare") is None:
        return "unshare(1) is not installed"
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"],
                           capture_output=True, check=False)
    return None if probe.returncode == 0 else "unshare -m is not permitted here"


# Runs inside `unshare -m`: a fresh tmpfs on /dev with its own device nodes, then
# quotecheck against them. Prints one JSON object with what happened.
_INSIDE = textwrap.dedent("""
    import json, os, stat, subprocess, sys
    corpus, python = sys.argv[1], sys.argv[2]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755", "tmpfs", "/dev"], check=True)
    for name, minor in (("null", 3), ("zero", 5), ("full", 7), ("urandom", 9)):
        os.mknod(f"/dev/{name}", 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    os.symlink("/proc/self/fd", "/dev/fd")
    os.symlink("/proc/self/fd/1", "/dev/stdout")
    os.mkfifo("/dev/fifo")

    def run(*args):
        done = subprocess.run([python, "-m", "quotecheck", *args], capture_output=True,
                              text=True, timeout=60)
        return {"code": done.returncode, "out": done.stdout, "err": done.stderr}

    def kind(path):
        mode = os.lstat(path).st_mode
        return ("char" if stat.S_ISCHR(mode) else "link" if stat.S_ISLNK(mode)
                else "fifo" if stat.S_ISFIFO(mode) else "file")

    result = {}
    for target in ("/dev/null", "/dev/full", "/dev/stdout"):
        result[target] = run("check", corpus, "--format", "json", "--fail-on", "never",
                             "-o", target)
    result["baseline"] = run("check", corpus, "--fail-on", "never", "--write-baseline",
                             "/dev/null")
    result["fifo"] = run("check", corpus, "--fail-on", "never", "-o", "/dev/fifo")
    result["aliases"] = run("check", corpus, "--fail-on", "never", "--aliases", "/dev/zero")
    result["baseline-in"] = run("check", corpus, "--fail-on", "never", "--baseline",
                                "/dev/zero")
    result["kinds"] = {p: kind(p) for p in ("/dev/null", "/dev/full", "/dev/stdout",
                                            "/dev/fifo", "/dev/zero")}
    result["dev"] = sorted(os.listdir("/dev"))
    print(json.dumps(result))
""")


@pytest.fixture(scope="module")
def namespace_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    why = _namespace_available()
    if why is not None:
        pytest.skip(why)
    root = tmp_path_factory.mktemp("ns")
    corpus = _corpus(root / "corpus")
    script = root / "inside.py"
    script.write_text(_INSIDE, encoding="utf-8")
    done = subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable,
                           str(script), str(corpus), sys.executable],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_devices_are_written_in_place_never_replaced(namespace_run: dict[str, object]
                                                     ) -> None:
    kinds = namespace_run["kinds"]
    assert kinds == {"/dev/null": "char", "/dev/full": "char", "/dev/stdout": "link",
                     "/dev/fifo": "fifo", "/dev/zero": "char"}
    dev = namespace_run["dev"]
    assert isinstance(dev, list)
    assert not [name for name in dev if name.startswith(".")]  # no temporary file left


def test_dev_null_dev_stdout_and_baseline_to_dev_null(namespace_run: dict[str, object]
                                                      ) -> None:
    null, stdout, base = (namespace_run[k] for k in ("/dev/null", "/dev/stdout", "baseline"))
    assert isinstance(null, dict)
    assert isinstance(stdout, dict)
    assert isinstance(base, dict)
    assert (null["code"], null["out"], null["err"]) == (0, "", "")
    assert stdout["code"] == 0
    assert json.loads(stdout["out"])["schema"] == "quotecheck.report/1"
    assert base["code"] == 0


def test_full_device_and_fifo_without_reader_fail_in_one_line(
        namespace_run: dict[str, object]) -> None:
    full, fifo = namespace_run["/dev/full"], namespace_run["fifo"]
    assert isinstance(full, dict)
    assert isinstance(fifo, dict)
    assert full["code"] == 2
    assert full["err"] == "quotecheck: error: cannot write /dev/full: No space left on device\n"
    assert fifo["code"] == 2
    assert fifo["err"] == ("quotecheck: error: cannot write /dev/fifo: a FIFO that no process "
                           "is reading\n")


def test_aliases_and_baseline_from_a_device_are_refused(namespace_run: dict[str, object]
                                                        ) -> None:
    for key, what in (("aliases", "aliases file"), ("baseline-in", "baseline")):
        run = namespace_run[key]
        assert isinstance(run, dict)
        assert run["code"] == 2
        assert run["err"] == (f"quotecheck: error: cannot read {what} /dev/zero: not a "
                              "regular file\n")


# -- targets that are not devices: tested in a scratch folder -------------------------


def test_regular_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in")
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert main(["check", str(corpus), "--format", "json", "--fail-on", "never",
                 "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["checked"] == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json"]


def test_symlink_to_a_regular_file_is_refused(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path / "in")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(victim)
    assert main(["check", str(corpus), "--fail-on", "never", "-o", str(link)]) == 2
    assert "refusing to write" in capsys.readouterr().err
    assert link.is_symlink()
    assert victim.read_text(encoding="utf-8") == "precious"


def test_read_only_file_is_refused_even_as_root(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path / "in")
    out = tmp_path / "locked.json"
    out.write_text("keep", encoding="utf-8")
    out.chmod(0o444)
    assert main(["check", str(corpus), "--fail-on", "never", "--write-baseline",
                 str(out)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"


def test_fifo_with_a_reader_receives_the_report(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    try:
        done = subprocess.run([sys.executable, "-m", "quotecheck", "check", str(corpus),
                               "--format", "json", "--fail-on", "never", "-o", str(fifo)],
                              capture_output=True, text=True, timeout=60, check=False)
        out, _ = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert done.returncode == 0, done.stderr
    assert json.loads(out)["summary"]["checked"] == 1
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# -- item 2: links out of the corpus ----------------------------------------------------


def test_links_leaving_the_given_folders_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "home" / "config.json"
    secret.parent.mkdir()
    secret.write_text('{"auths": "Marsh said: “TOKEN-abc123 is the password.”"}',
                      encoding="utf-8")
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "article.txt").symlink_to(secret)
    (corpus / "kmsg.txt").symlink_to("/proc/kmsg")
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    items = {Path(i.path).name: i for i in read([corpus])}
    for name in ("article.txt", "kmsg.txt"):
        item = items[name]
        assert isinstance(item, Skipped)
        assert item.reason == "symbolic link to a file outside the folders given: not followed"
    assert isinstance(items["a.txt"], Document)  # inside.txt is the same file, read once
    assert "inside.txt" not in items
    assert not any("TOKEN" in i.text for i in items.values() if isinstance(i, Document))


def test_a_link_into_another_given_folder_is_followed(tmp_path: Path) -> None:
    other = _corpus(tmp_path / "other")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b.txt").symlink_to(other / "a.txt")
    assert [type(i).__name__ for i in read([corpus])] == ["Skipped"]
    items = list(read([corpus, other]))  # both given: the link stays inside
    assert [type(i).__name__ for i in items] == ["Document"]  # one file, read once
    assert items[0].path.endswith("b.txt")


def test_named_fifo_is_skipped_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    (item,) = read([fifo])
    assert isinstance(item, Skipped)
    assert item.reason == "not a regular file"


# -- item 3: lang is a code, never a path -----------------------------------------------


def test_lang_from_front_matter_cannot_load_a_lexicon_from_the_corpus(tmp_path: Path) -> None:
    evil = tmp_path / "x" / "evil.toml"
    evil.parent.mkdir()
    evil.write_bytes(lexicon.source_bytes("en"))  # a lexicon that loads: shipped in a corpus
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    reasons = {}
    for name, lang in (("exists", "../" * 12 + str(evil)[1:-5]), ("missing", "../../nope"),
                       ("abs", str(evil)[:-5])):
        (corpus / f"{name}.md").write_text(f"---\nlang: {lang}\n---\n{STORY}", encoding="utf-8")
    from quotecheck import check

    report = check([corpus])
    for doc in report.documents:
        assert doc.status == "skipped"
        reasons[doc.id] = doc.error
    assert all("no lexicon for language" in r and "a language code is 2 to 8 letters" in r
               and "available: en, vi" in r for r in reasons.values() if r)
    shapes = {r.split("'")[0] + r.split("'")[-1] for r in reasons.values() if r}
    assert len(shapes) == 1  # the same message whether the file exists or not


@pytest.mark.parametrize("lang", ["../x", "/etc/passwd", "en/../vi", "EN", ""])
def test_lang_option_must_be_an_installed_code(lang: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path / "in")
    assert main(["check", str(corpus), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quotecheck: error: no lexicon for language")
    assert err.count("\n") == 1


def test_lang_in_jsonl_is_checked_too(tmp_path: Path) -> None:
    evil = tmp_path / "evil.toml"
    evil.write_bytes(lexicon.source_bytes("en"))
    (tmp_path / "r.jsonl").write_text(json.dumps({"id": "r", "text": STORY,
                                                  "lang": "../" * 12 + str(evil)[1:-5]})
                                      + "\n", encoding="utf-8")
    from quotecheck import check

    (doc,) = check([tmp_path]).documents
    assert doc.status == "skipped"
    assert doc.error is not None
    assert doc.error.startswith("no lexicon for language")


# -- item 4: aliases and baseline files: regular, bounded ------------------------------


@pytest.mark.parametrize("option", ["--aliases", "--baseline"])
def test_aliases_and_baseline_must_be_regular_files(option: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path / "in")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # would block a plain open() forever
    assert main(["check", str(corpus), option, str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_oversized_aliases_from_pyproject_are_refused(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path / "in")
    big = tmp_path / "aliases.toml"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: no disk used
    (tmp_path / "pyproject.toml").write_text('[tool.quotecheck]\naliases = "aliases.toml"\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(corpus)]) == 2
    assert "larger than 16 MB" in capsys.readouterr().err


# -- item 5: read-only commands never change a database --------------------------------


def _foreign_db(path: Path) -> bytes:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE accounts (name TEXT)")
    db.execute("INSERT INTO accounts VALUES ('x')")
    db.commit()
    db.close()
    return path.read_bytes()


def test_store_info_and_against_refuse_a_foreign_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "app.db"
    before = _foreign_db(db)
    assert main(["store", "info", str(db)]) == 2
    corpus = _corpus(tmp_path / "in")
    assert main(["check", str(corpus), "--against", str(db)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"quotecheck: error: {db} is not a quotecheck store (tables documents, "
                   "quotes, sketch, people missing); make one with 'quotecheck index'"] * 2
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db", "in"]
