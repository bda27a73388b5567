"""The one error the wizards raise on purpose: input a person gave that cannot be used."""

from __future__ import annotations


class WizardError(Exception):
    """An answers file, a ``--set`` value, a session or report file that cannot be used.

    The message is one line in plain words; ``hint`` says what to do instead.
    The command line shows both and exits with the "bad usage" code.
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
