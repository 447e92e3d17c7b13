"""The exceptions quotecheck raises; the CLI turns each into a message and exit code."""


class QuotecheckError(Exception):
    """Base class: a problem the user can act on, with a one-line message."""


class UsageError(QuotecheckError):
    """Bad options or arguments (exit code 2)."""


class LexiconError(QuotecheckError):
    """A language has no lexicon, or its lexicon file is malformed."""

