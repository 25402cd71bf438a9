"""Reading a file's text with the errors a user can act on."""

from __future__ import annotations

from pathlib import Path

from clearance.errors import InputFileError


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputFileError(str(path), "file not found")
    if path.is_dir():
        raise InputFileError(str(path), "is a directory, expected a file")
    data = path.read_bytes()
    if not data.strip():
        raise InputFileError(str(path), "file is empty")
    return data


def decode_utf8(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            source,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
        ) from None
