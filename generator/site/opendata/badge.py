"""Status badge per agreement: the numbers the SVG template needs (text widths, colours).

Words and colours come from the status code list (``schema/kode/status-terhitung.yaml``, which
``docs/assets/kerjasama.css`` matches); every colour carries white text with a contrast of at
least 4.5:1, and the status is always written out (text, not colour alone).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.derive.status import Status

LEFT = "kerja sama"
HEIGHT = 20
PADDING = 6
FONT_SIZE = 11
# Advance widths of Verdana at 11 px, rounded; other characters count as DEFAULT_WIDTH.
_NARROW = dict.fromkeys("fijlrt.,:;!|()[] '", 4.0)
_WIDE = dict.fromkeys("mwMW", 10.5)
DEFAULT_WIDTH = 7.0



def text_width(text: str) -> int:
    """Estimated rendered width; the SVG stretches the text to exactly this (textLength)."""
    return round(sum(_NARROW.get(ch, _WIDE.get(ch, DEFAULT_WIDTH)) for ch in text))


@dataclass(frozen=True)
class Badge:
    """Geometry and text of one badge."""

    record_id: str
    title: str
    left: str
    right: str
    colour: str
    left_text: int
    right_text: int
    code: str = ""
    """The status code (``data-status``), so checks can read which status the text names."""

    @property
    def left_width(self) -> int:
        return self.left_text + 2 * PADDING

    @property
    def right_width(self) -> int:
        return self.right_text + 2 * PADDING

    @property
    def width(self) -> int:
        return self.left_width + self.right_width

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def font_size(self) -> int:
        return FONT_SIZE

    @property
    def label(self) -> str:
        """Accessible name: what the badge says, with the agreement it is about."""
        return f"{self.left}: {self.right} ({self.title})"


def badge(record_id: str, title: str, status: Status) -> Badge:
    right = status.label
    colour = status.vocabulary.hex(status.term.colour)
    return Badge(record_id, title, LEFT, right, colour, text_width(LEFT), text_width(right), status.phase.value)
