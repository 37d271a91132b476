"""Development mail: printed to the console with email and IP addresses taken out.

Django's console backend prints whole messages, recipients included, to the server's
output, past the log redaction. This one prints them through `board.logging.redact`'s
patterns (links and codes stay readable, so signing up still works on a laptop).
`check --deploy` fails while a production process would use either (board/checks.py).
"""

import io

from django.core.mail.backends import console

from .logging import EMAIL, IPV4, IPV6, REDACTED_EMAIL, REDACTED_IP


def redact_mail(text: str) -> str:
    text = EMAIL.sub(REDACTED_EMAIL, text)
    text = IPV4.sub(REDACTED_IP, text)
    return IPV6.sub(REDACTED_IP, text)


class EmailBackend(console.EmailBackend):
    def write_message(self, message):
        stream, self.stream = self.stream, io.StringIO()
        try:
            super().write_message(message)
            text = self.stream.getvalue()
        finally:
            self.stream = stream
        self.stream.write(redact_mail(text))
