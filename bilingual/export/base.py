"""What every writer shares: the :class:`Writer` interface (header, one call per pair or unpaired unit,
footer) and the characters a format cannot hold."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from typing import IO

from bilingual.export.record import ExportPair, UnpairedRecord

__all__ = ["LINE_BREAKS_RE", "XML_FORBIDDEN_RE", "Writer", "creation_time", "tmx_date"]

# Characters XML 1.0 does not allow (C0 controls but tab/LF/CR, surrogates, U+FFFE/FFFF).
XML_FORBIDDEN_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Everything str.splitlines() breaks at, so a Moses line is one line for any reader.
LINE_BREAKS_RE = re.compile("\r\n|[\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")


class Writer:
    """Writes pairs to one format's file(s); ``header``/``footer`` frame the body (TMX needs both).

    ``files`` maps each of the format's ``suffixes`` to an open text file. A writer holds no state
    but counts, so a resumed run can append to a file another writer started."""

    suffixes: tuple[str, ...] = ()

    def __init__(self, files: dict[str, IO[str]], version: str = "", created: str = "") -> None:
        self.files = files
        self.version = version  # the tool's version, for formats that name their creator
        self.created = created  # when the run started, as TMX writes dates (YYYYMMDDThhmmssZ)
        # Characters a format cannot hold, removed (TMX: what XML 1.0 forbids) or replaced (Moses: line
        # breaks inside a segment), and counted.
        self.removed_chars = 0

    def header(self) -> None:
        """Write what precedes the first record."""

    def write(self, pair: ExportPair) -> None:
        """Write one pair (formats of unpaired units ignore pairs)."""

    def write_unpaired(self, record: UnpairedRecord) -> None:
        """Write one unpaired Arabic unit (formats of pairs ignore them)."""

    def footer(self) -> None:
        """Write what follows the last record."""


def creation_time() -> datetime:
    """Now, in UTC; or the time ``SOURCE_DATE_EPOCH`` holds (the reproducible-builds convention), so that
    two runs can write the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC).replace(microsecond=0)


def tmx_date(when: datetime) -> str:
    """``when`` as TMX writes dates: ``YYYYMMDDThhmmssZ`` (UTC)."""
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
