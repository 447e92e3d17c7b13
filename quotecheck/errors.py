"""The exceptions quotecheck raises; the CLI turns each into a message and exit code."""


class QuotecheckError(Exception):
    """Base class: a problem the user can act on, with a one-line message."""


class UsageError(QuotecheckError):
    """Bad options or arguments (exit code 2)."""


class ModelMissing(UsageError):
    """A backend was asked for and its model is not installed: the run stops."""


class LexiconError(QuotecheckError):
    """A language has no lexicon, or its lexicon file is malformed."""


class OutputError(QuotecheckError):
    """A report, baseline or summary cannot be written where asked (exit code 2)."""


class InputError(QuotecheckError):
    """A file named in options or configuration cannot be read (exit code 2)."""



BUG_URL = "https://github.com/quotecheck/quotecheck/issues"


def describe_bug(exc: BaseException) -> str:
    """One line for an unexpected exception: what, where, and where to report it."""
    import os
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = (f" (at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno})"
             if frames else "")
    return (f"internal error {type(exc).__name__}: {exc}{where}; "
            f"please report it at {BUG_URL}")
