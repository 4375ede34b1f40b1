"""What an uploaded file really is, by its content: PDF, ODT or DOCX only."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", ODT: ".odt", DOCX: ".docx"}


def sniff(handle: BinaryIO) -> str | None:
    """The content type read from the bytes themselves, or None when not an accepted format."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                    return DOCX
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        finally:
            handle.seek(0)
    return None
