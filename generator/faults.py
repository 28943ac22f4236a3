"""Faults of the machine, not of the register: a refused output folder, a busy project, a write
that the operating system refused. Each is one Indonesian line with a hint and an exit code.

Register problems are :class:`generator.diagnostics.Diagnostic` values with stable codes; a
fault is about where and when the tool runs, so it stops the command at once (the register is
never at fault) and the command line prints it as ``kerjasama: <pesan> (<saran>)``.
"""

from __future__ import annotations

import errno

EXIT_FAULT, EXIT_REFUSED = 1, 2


class Fault(Exception):
    """A command cannot go on; nothing published was changed."""

    def __init__(self, message: str, hint: str = "", exit_code: int = EXIT_FAULT) -> None:
        super().__init__(message, hint, exit_code)  # all three: a fault travels back from a forked child
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.line()

    def line(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


# What the system said, in the staff's language, and what to do about it.
_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("tidak ada izin", "periksa izin folder itu atau pilih folder lain"),
    errno.EPERM: ("tidak diizinkan", "periksa izin folder itu atau pilih folder lain"),
    errno.EROFS: ("sistem berkas hanya-baca", "pilih folder pada sistem berkas yang dapat ditulis"),
    errno.ENOSPC: ("ruang disk penuh", "kosongkan ruang disk lalu ulangi"),
    errno.EDQUOT: ("kuota disk habis", "kosongkan ruang disk lalu ulangi"),
    errno.ENOTDIR: ("sebagian jalurnya berkas, bukan folder", "pindahkan atau hapus berkas itu"),
    errno.EISDIR: ("jalur itu folder, bukan berkas", "pindahkan atau hapus folder itu"),
    errno.EEXIST: ("jalur itu sudah ada", "pindahkan atau hapus yang ada di jalur itu"),
    errno.ENOENT: ("jalur tidak ada", "periksa jalurnya"),
    errno.EIO: ("galat masukan/keluaran disk", "periksa disknya lalu ulangi"),
}


def from_os_error(exc: OSError, doing: str) -> Fault:
    """``doing`` says what failed ("menulis halaman"); the path comes from the error itself."""
    reason, hint = _REASONS.get(exc.errno or 0, (exc.strerror or type(exc).__name__, "periksa folder dan disknya"))
    where = f" {exc.filename}" if exc.filename else ""
    return Fault(f"gagal {doing}:{where}: {reason}", hint)
