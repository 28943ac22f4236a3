"""The one diagnostic type and the catalogue of diagnostic codes.

Every problem the register can report is a :class:`Diagnostic` whose ``code`` is a key of
:data:`CATALOGUE`. Location (file, line, column, JSON path) is data, never baked into the
message, so reporters can format it for a terminal, JSON or GitHub annotations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """Severity of a diagnostic, in the staff's language."""

    ERROR = "galat"
    WARNING = "peringatan"


@dataclass(frozen=True)
class CodeInfo:
    """One entry of the catalogue: what a code means and how to fix it."""

    severity: Severity
    stage: str
    title: str
    description: str
    hint: str


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem in one file of the register."""

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    json_path: str = "$"
    record_id: str | None = None
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"diagnostic code {self.code!r} is not in the catalogue")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def make(  # noqa: PLR0913 - a diagnostic carries many location fields; keyword-only arguments keep calls readable
    code: str,
    file: str,
    message: str,
    *,
    line: int = 1,
    column: int = 1,
    json_path: str = "$",
    hint: str | None = None,
    record_id: str | None = None,
) -> Diagnostic:
    """Build a diagnostic whose severity and default hint come from the catalogue."""
    info = CATALOGUE[code]
    return Diagnostic(
        file=file,
        line=line,
        column=column,
        code=code,
        message=message,
        hint=info.hint if hint is None else hint,
        json_path=json_path,
        record_id=record_id,
        severity=info.severity,
    )


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def json_path(path: tuple[str | int, ...]) -> str:
    """Render an instance path as a JSONPath string such as ``$.para_pihak[0].nama``.

    Names that are not plain identifiers (a key with a space or a line break) are quoted,
    ``$.rujukan_eksternal["a b"]``, so a path is always one line and unambiguous.
    """
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_NAME.match(part):
            out += f".{part}"
        else:
            out += f"[{json.dumps(part, ensure_ascii=True)}]"
    return out


E = Severity.ERROR
W = Severity.WARNING

# stage: berkas (file level), yaml (structure), skema (JSON Schema), aturan (cross-record rules),
# situs (build checks).
CATALOGUE: dict[str, CodeInfo] = {
    # --- file level -----------------------------------------------------------------------
    "berkas-tidak-terbaca": CodeInfo(E, "berkas", "Berkas tidak dapat dibaca",
        "Sistem operasi menolak membuka berkas.",
        "Periksa bahwa berkas ada dan dapat dibaca, lalu jalankan lagi."),
    "tautan-simbolik": CodeInfo(E, "berkas", "Tautan simbolik ditolak",
        "Berkas di agreements/ atau docs/ adalah tautan simbolik. Tautan dapat menerbitkan berkas dari luar repositori.",
        "Ganti tautan dengan berkas YAML biasa."),
    "nama-berkas-tidak-sah": CodeInfo(E, "berkas", "Nama berkas tidak sah",
        "Berkas register harus bernama <id>.yaml dengan huruf kecil, angka dan tanda hubung.",
        "Ganti nama berkas menjadi <id>.yaml, misalnya 2024-kejari-datun-satpol-pp.yaml."),
    "berkas-terlalu-besar": CodeInfo(E, "berkas", "Berkas terlalu besar",
        "Berkas melebihi batas ukuran satu naskah (256 KiB).",
        "Pindahkan teks panjang ke dokumen tertaut; register hanya memuat ringkasan."),
    "berkas-kosong": CodeInfo(E, "berkas", "Berkas kosong",
        "Berkas tidak berisi data.",
        "Isi berkas dari templat (kerjasama baru) atau hapus berkas."),
    "bukan-utf8": CodeInfo(E, "berkas", "Bukan teks UTF-8",
        "Berkas tidak dapat dibaca sebagai UTF-8.",
        "Simpan ulang berkas sebagai UTF-8 (di editor web GitHub ini otomatis)."),
    "karakter-terlarang": CodeInfo(E, "berkas", "Karakter tersembunyi atau terlarang",
        "Berkas memuat karakter kendali, pemisah baris tersembunyi (U+2028, U+2029, U+0085, CR tunggal), "
        "karakter arah teks (bidi) atau karakter tanpa lebar. Karakter ini tidak tampak di editor tetapi dapat "
        "mengubah isi data.",
        "Hapus karakter pada posisi yang disebut; ketik ulang teks itu bila perlu."),
    # --- YAML structure ---------------------------------------------------------------------
    "yaml-sintaks": CodeInfo(E, "yaml", "Sintaks YAML salah",
        "Pengurai YAML tidak dapat membaca berkas.",
        "Periksa indentasi (spasi, bukan tab), tanda titik dua setelah nama kolom, dan tanda kutip yang berpasangan."),
    "yaml-multi-dokumen": CodeInfo(E, "yaml", "Lebih dari satu dokumen",
        "Satu berkas hanya boleh memuat satu naskah; pemisah '---' kedua membuat dokumen baru.",
        "Hapus pemisah '---' tambahan, atau pindahkan naskah kedua ke berkas sendiri."),
    "yaml-terlalu-dalam": CodeInfo(E, "yaml", "Struktur terlalu dalam",
        "Struktur bersarang melebihi batas kedalaman atau jumlah simpul.",
        "Sederhanakan struktur sesuai skema; naskah tidak memerlukan sarang sedalam ini."),
    "yaml-anchor-alias": CodeInfo(E, "yaml", "Anchor atau alias YAML",
        "Anchor (&) dan alias (*) tidak dipakai dalam register dan dapat meledakkan ukuran data.",
        "Tulis nilainya secara langsung, tanpa & dan *."),
    "yaml-merge-key": CodeInfo(E, "yaml", "Kunci gabung YAML (<<)",
        "Kunci gabung '<<' menyembunyikan nilai dari peninjau.",
        "Tulis setiap kolom secara langsung."),
    "yaml-tag-eksplisit": CodeInfo(E, "yaml", "Tag YAML eksplisit",
        "Tag seperti !!str, !!timestamp atau !tag tidak dipakai dalam register.",
        "Hapus tag; gunakan tanda kutip bila sebuah nilai harus dibaca sebagai teks."),
    "yaml-kunci-ganda": CodeInfo(E, "yaml", "Kolom ditulis dua kali",
        "Satu kolom muncul dua kali dalam kumpulan yang sama; pengurai YAML biasa diam-diam memakai nilai terakhir.",
        "Hapus salah satu dari dua baris yang disebut."),
    "yaml-kunci-bukan-teks": CodeInfo(E, "yaml", "Nama kolom bukan teks",
        "Nama kolom harus berupa teks biasa.",
        "Tulis nama kolom sebagai teks, misalnya judul:"),
    "akar-bukan-mapping": CodeInfo(E, "yaml", "Isi berkas bukan kumpulan kolom",
        "Isi berkas harus berupa kumpulan kolom (nama: nilai), bukan daftar atau nilai tunggal.",
        "Mulai berkas dengan kolom seperti 'id: ...' di awal baris."),
    # --- JSON Schema ------------------------------------------------------------------------
    "skema-wajib": CodeInfo(E, "skema", "Kolom wajib belum diisi",
        "Kolom yang diwajibkan skema tidak ada.",
        "Tambahkan kolom yang disebut; lihat halaman Referensi skema untuk contohnya."),
    "skema-kolom-tidak-dikenal": CodeInfo(E, "skema", "Kolom tidak dikenal",
        "Kolom ini tidak ada dalam skema (mungkin salah ketik).",
        "Perbaiki ejaan nama kolom atau hapus kolom itu."),
    "skema-tipe": CodeInfo(E, "skema", "Jenis nilai salah",
        "Nilai tidak sesuai jenis yang diminta skema (teks, angka, true/false, daftar, kumpulan kolom).",
        "Tulis nilai dengan jenis yang disebut."),
    "skema-nilai-tidak-dikenal": CodeInfo(E, "skema", "Nilai kode tidak dikenal",
        "Nilai tidak termasuk daftar kode yang berlaku.",
        "Pilih salah satu nilai yang disebut dalam pesan (lihat halaman Referensi skema)."),
    "skema-pola": CodeInfo(E, "skema", "Bentuk nilai salah",
        "Nilai tidak sesuai pola yang diminta (misalnya ID, kode wilayah, URL, SHA-256).",
        "Tulis nilai mengikuti keterangan kolom."),
    "skema-tanggal": CodeInfo(E, "skema", "Tanggal tidak sah",
        "Tanggal harus berbentuk TTTT-BB-HH, ada di kalender, dan bertahun 1945 sampai 2100.",
        "Tulis tanggal seperti 2024-05-22; periksa tahun (1945-2100), bulan (01-12) dan hari."),
    "skema-teks-kosong": CodeInfo(E, "skema", "Teks hanya berisi spasi",
        "Kolom teks hanya berisi spasi, spasi tak terputus (NBSP), spasi ideografis, tab atau baris baru. "
        "Nilai seperti ini tampak kosong di situs padahal kolomnya diisi.",
        "Tulis teks yang sebenarnya, atau hapus kolom itu bila tidak wajib dan isinya belum diketahui."),
    "skema-ekstensi-berkas": CodeInfo(E, "skema", "Jenis berkas tidak diterima",
        "Berkas naskah (dokumen[].url) harus berupa PDF: alamatnya berakhiran .pdf sebelum tanda ? atau #. "
        "SVG dan HTML dapat memuat skrip, dan alamat tanpa akhiran tidak menunjukkan jenis berkasnya.",
        "Tautkan berkas PDF naskah (misalnya dari JDIH); gabungkan pindaian halaman menjadi satu PDF."),
    "skema-jumlah": CodeInfo(E, "skema", "Jumlah isian tidak sesuai",
        "Daftar, teks atau kumpulan kolom terlalu pendek atau terlalu panjang.",
        "Tambah atau kurangi isian sesuai batas yang disebut."),
    "skema-batas-nilai": CodeInfo(E, "skema", "Angka di luar batas",
        "Angka lebih kecil atau lebih besar dari batas yang diizinkan.",
        "Tulis angka dalam batas yang disebut."),
    "skema-duplikat": CodeInfo(E, "skema", "Isian daftar ganda",
        "Daftar memuat isian yang sama lebih dari sekali.",
        "Hapus isian yang berulang."),
    "skema-syarat": CodeInfo(E, "skema", "Syarat antarkolom tidak terpenuhi",
        "Kombinasi kolom tidak sesuai aturan skema (misalnya tanggal_berakhir bersama masa_berlaku_tidak_diketahui, "
        "atau jumlah pihak kota).",
        "Ikuti petunjuk dalam pesan."),
    # --- rules across fields and records ----------------------------------------------------
    "id-beda-nama-berkas": CodeInfo(E, "aturan", "ID tidak sama dengan nama berkas",
        "Kolom id harus sama dengan nama berkas tanpa .yaml, agar alamat halaman tetap.",
        "Samakan id dengan nama berkas, atau ganti nama berkas."),
    "id-ganda": CodeInfo(E, "aturan", "ID dipakai dua berkas",
        "Dua berkas memakai id yang sama.",
        "Beri id yang berbeda pada salah satu berkas."),
    "mitra-bentrok": CodeInfo(E, "aturan", "Dua nama mitra berbagi satu halaman",
        "Dua nama mitra yang berbeda (setelah huruf besar-kecil dan spasi disamakan; tanda baca tetap dihitung) "
        "menghasilkan alamat halaman /mitra/.../ yang sama, sehingga halaman mitra akan menggabungkan dua mitra.",
        "Samakan penulisan nama atau tetapkan id_mitra: nama yang sama persis untuk mitra yang sama, atau id_mitra "
        "yang berbeda untuk mitra yang berbeda."),
    "id-mitra-bentrok": CodeInfo(E, "aturan", "id_mitra bertentangan dengan mitra lain",
        "id_mitra sama dengan alamat halaman yang diturunkan dari nama mitra lain, atau nama mitra tanpa id_mitra "
        "ditulis dengan dua id_mitra berbeda di berkas lain, sehingga tidak jelas halaman mitra mana yang benar.",
        "Pilih id_mitra lain, atau tulis id_mitra yang sama pada setiap naskah mitra ini."),
    "rujukan-tidak-ada": CodeInfo(E, "aturan", "Rujukan ke naskah yang tidak ada",
        "naskah_induk, memperpanjang atau menggantikan menunjuk id yang tidak ada di register.",
        "Periksa ejaan id yang dirujuk, atau tambahkan naskah itu ke register."),
    "rujukan-melingkar": CodeInfo(E, "aturan", "Rujukan melingkar",
        "Naskah merujuk dirinya sendiri, langsung atau melalui naskah lain.",
        "Perbaiki naskah_induk/memperpanjang/menggantikan agar tidak membentuk lingkaran."),
    "urutan-tanggal": CodeInfo(E, "aturan", "Urutan tanggal salah",
        "Tanggal harus berurutan: penandatanganan <= mulai berlaku <= berakhir.",
        "Periksa tanggal yang disebut terhadap naskah."),
    "tanggal-akan-datang": CodeInfo(E, "aturan", "Tanggal penandatanganan di masa depan",
        "Tanggal penandatanganan atau pengakhiran jatuh setelah tanggal acuan, padahal status menyatakan sudah terjadi.",
        "Periksa tanggal, atau ubah status menjadi tahap persiapan."),
    "tahun-tanda-tangan-tanpa-dasar": CodeInfo(E, "aturan", "Tahun penandatanganan tidak diketahui tanpa dasar",
        "Naskah dicatat sudah ditandatangani dengan tahun penandatanganan tidak diketahui, tetapi tidak ada sumber yang "
        "mendukung bagian naskah (bahwa naskah sudah ditandatangani) atau catatan yang menjelaskan dasarnya.",
        "Tambahkan naskah pada mendukung sumber yang menyebut naskah sudah ditandatangani dan jelaskan di catatan; "
        "bila tidak ada sumber seperti itu, catat naskah sebagai tahap sebelum penandatanganan."),
    "status-tidak-sesuai-tanggal": CodeInfo(W, "aturan", "Status tercatat bertentangan dengan tanggal",
        "Status yang ditulis (berlaku/berakhir) tidak sesuai tanggal; situs menampilkan status hasil hitungan.",
        "Perbarui kolom status, atau periksa tanggal_berakhir."),
    "jangka-waktu-tidak-cocok": CodeInfo(W, "aturan", "Jangka waktu tidak cocok dengan tanggal",
        "tanggal_berakhir tidak sama dengan tanggal mulai + jangka_waktu - 1 hari.",
        "Periksa jangka_waktu dan tanggal_berakhir terhadap naskah."),
    "jangka-waktu-lebih-5-tahun": CodeInfo(W, "aturan", "Jangka waktu lebih dari 5 tahun",
        "Dalam praktik (FAQ KSD Kota Yogyakarta) naskah berlaku paling lama 5 tahun kecuali diatur khusus; "
        "pasal Permendagri 22/2020-nya belum diverifikasi.",
        "Isi dasar_pengecualian_jangka_waktu dengan peraturan khusus yang membolehkannya, atau periksa tanggal."),
    "wajib-tidak-berbatasan": CodeInfo(W, "aturan", "Kerja sama wajib dengan daerah tidak berbatasan",
        "Kerja sama wajib (KSDD) hanya untuk daerah yang berbatasan; daerah mitra tidak tercatat berbatasan "
        "dengan Kota Palangka Raya.",
        "Periksa jenis_ksdd (mungkin sukarela) atau kode_wilayah mitra."),
    "ksdd-mitra-bukan-pemda": CodeInfo(E, "aturan", "KSDD dengan mitra bukan pemerintah daerah",
        "Kategori ksdd berarti semua mitra adalah pemerintah daerah dengan kode wilayah.",
        "Ubah kategori (misalnya ksdpk atau sinergi) atau perbaiki jenis_pihak mitra."),
    "wilayah-tidak-dikenal": CodeInfo(W, "aturan", "Kode wilayah tidak ada dalam daftar",
        "Kode wilayah tidak ada dalam daftar kode wilayah proyek (Kalimantan Tengah dan tetangga).",
        "Periksa kode pada daftar Kemendagri; bila benar, tambahkan ke schema/kode/wilayah.yaml."),
    "persetujuan-dprd": CodeInfo(E, "aturan", "Syarat persetujuan DPRD",
        "PP 28/2018: KSDD memerlukan persetujuan DPRD bila membebani masyarakat dan daerah atau pendanaannya "
        "belum dianggarkan dalam APBD tahun berjalan; dalam praktik selalu untuk mitra luar negeri.",
        "Isi persetujuan_dprd.diperlukan: true (beserta nomor dan tanggal setelah disetujui), "
        "atau perbaiki keterangan pendanaan."),
    "persetujuan-dprd-belum-tercatat": CodeInfo(W, "aturan", "Rujukan persetujuan DPRD belum dicatat",
        "Naskah yang memerlukan persetujuan DPRD sudah ditandatangani, tetapi nomor atau tanggal persetujuannya belum dicatat.",
        "Isi persetujuan_dprd.nomor dan persetujuan_dprd.tanggal."),
    "pks-tanpa-kb": CodeInfo(W, "aturan", "PKS tanpa Kesepakatan Bersama",
        "PKS untuk KSDD/KSDPK seharusnya melaksanakan sebuah KB; naskah_induk kosong atau bukan KB.",
        "Isi naskah_induk dengan id KB-nya. Data lama dari pemberitaan boleh tanpa KB."),
    "sinergi-tanpa-rencana-kerja": CodeInfo(W, "aturan", "Sinergi tanpa Nota Kesepakatan dan rencana kerja",
        "Sinergi dengan pemerintah pusat memakai Nota Kesepakatan dengan Rencana Kerja.",
        "Isi rencana_kerja, dan periksa jenis_naskah (nota_kesepakatan)."),
    "penandatangan-bukan-kepala-daerah": CodeInfo(W, "aturan", "Penandatangan bukan kepala daerah",
        "Pejabat dengan surat kuasa hanya dapat menandatangani PKS (PP 28/2018 Pasal 2 ayat 2); naskah lain "
        "ditandatangani kepala daerah.",
        "Periksa penandatangan_kota dan jenis_naskah; catat surat_kuasa bila ada."),
    "pengakhiran-tanpa-status": CodeInfo(W, "aturan", "Pengakhiran tercatat tanpa status",
        "Kolom pengakhiran diisi tetapi status bukan diakhiri_lebih_awal.",
        "Ubah status menjadi diakhiri_lebih_awal, atau hapus pengakhiran."),
    "tanpa-indikator": CodeInfo(W, "aturan", "Kerja sama berlaku tanpa indikator keberhasilan",
        "Kerja sama yang berlaku tanpa indikator keberhasilan ditandai simbolis di halaman Evaluasi.",
        "Isi indikator_keberhasilan dengan target yang terukur."),
    "url-tidak-aman": CodeInfo(E, "aturan", "URL tidak aman",
        "Hanya alamat http:// atau https:// dengan nama host publik yang diterima.",
        "Salin alamat lengkap dari bilah alamat peramban, diawali https://."),
    "data-pribadi": CodeInfo(E, "aturan", "Data pribadi",
        "Teks memuat data pribadi (NIK, nomor telepon seluler pribadi atau surel pribadi) yang tidak boleh terbit.",
        "Hapus data pribadi; gunakan kontak kantor (telepon kantor atau surel dinas .go.id)."),
    # --- issue 14: provenance (generator/check/provenance_rules.py) -----------------------------------
    "bagian-tanpa-sumber": CodeInfo(W, "aturan", "Bagian data tanpa sumber",
        "Setiap sumber mendaftar bagian yang didukungnya (sumber[].mendukung), tetapi tidak satu pun menyebut "
        "sebuah bagian yang diisi berkas. Halaman naskah lalu menulis bagian itu sebagai tanpa sumber.",
        "Tambahkan kode bagian itu pada mendukung sumber yang menyebutnya, hapus mendukung agar sumber "
        "mendukung semua bagian, atau tambahkan sumber baru."),
    "mendukung-bagian-kosong": CodeInfo(W, "aturan", "Sumber mendukung bagian yang tidak diisi",
        "sumber[].mendukung menyebut sebuah bagian data, tetapi berkas tidak mengisi satu pun kolom bagian itu "
        "(mungkin salah pilih kode).",
        "Hapus kode itu dari mendukung, atau isi kolom bagian itu dari sumber tersebut."),
    "asal-data-melebihi-sumber": CodeInfo(W, "aturan", "Asal data lebih pasti daripada sumbernya",
        "tingkat_kepastian menyatakan data berasal dari naskah asli atau dokumen resmi, tetapi tidak ada sumber "
        "berjenis itu (sumber[].jenis; sumber tanpa jenis dihitung sebagai pemberitaan media) dan tidak ada "
        "pindaian naskah di dokumen.",
        "Isi sumber[].jenis pada sumber yang berupa naskah atau laman resmi, tautkan pindaian naskah, "
        "atau ubah tingkat_kepastian sesuai sumbernya."),
    "pengecualian-usang": CodeInfo(W, "aturan", "Pengecualian data pribadi tidak terpakai",
        "Sebuah entri di data/pengecualian-data-pribadi.yaml tidak cocok dengan temuan mana pun: berkasnya, "
        "kolomnya atau nilainya sudah berubah. Entri usang dihapus agar daftar pengecualian tetap tertinjau.",
        "Hapus entri itu, atau perbarui berkas, kolom dan nilai_sha256 sesuai petunjuk pada galat data-pribadi."),
    # --- issue 15: no record vanishes (validate --dasar) and renamed ids -------------------------
    "naskah-dihapus": CodeInfo(E, "aturan", "Naskah dihapus dari register",
        "Naskah yang ada di cabang dasar tidak ada lagi. Naskah tidak pernah dihapus: kerja sama berakhir lewat "
        "statusnya dan halamannya tetap ada.",
        "Kembalikan berkasnya; akhiri naskah dengan status berakhir, dibatalkan atau diakhiri_lebih_awal "
        "(dengan pengakhiran: tanggal dan alasan). Bila id-nya diganti, tulis menggantikan: <id lama> di berkas baru."),
    "id-berubah": CodeInfo(E, "aturan", "ID naskah berubah tanpa pengalihan",
        "Berkas baru tampaknya naskah lama dengan id lain (nomor naskah, atau judul dan tanggal tanda tangan sama), "
        "tetapi tidak menyebut id lamanya, sehingga alamat halaman lama akan hilang.",
        "Tambahkan menggantikan: <id lama> pada berkas baru; alamat lama lalu dialihkan ke halaman baru."),
    "id-lama": CodeInfo(W, "aturan", "menggantikan menunjuk id lama",
        "menggantikan menunjuk id yang tidak ada lagi di register: id itu dianggap id lama naskah ini, dan alamat "
        "/kerja-sama/<id lama>/ dialihkan ke halaman naskah ini.",
        "Biarkan bila naskah memang berganti id; bila salah ketik, perbaiki id yang dirujuk."),
    # --- issue 13 (spreadsheet): kerjasama tabel impor, located as BERKAS.xlsx:lembar!SEL ----------
    "tabel-tidak-terbaca": CodeInfo(E, "tabel", "Tabel tidak dapat dibaca",
        "Berkas bukan XLSX yang utuh (arsip ZIP Office Open XML) atau tidak dapat dibuka.",
        "Simpan ulang tabel sebagai Excel 2007-365 (.xlsx), lalu impor lagi."),
    "tabel-terlalu-besar": CodeInfo(E, "tabel", "Tabel terlalu besar",
        "Berkas, isi arsipnya setelah dibuka, atau jumlah baris satu lembar melebihi batas. Batas ini melindungi "
        "dari berkas yang mengembang menjadi gigabita (bom zip).",
        "Bagi tabel per perangkat daerah (kerjasama tabel ekspor --perangkat-daerah), hapus lembar dan gambar tambahan."),
    "tabel-makro": CodeInfo(E, "tabel", "Tabel bermakro",
        "Berkas .xlsm/.xlsb atau berkas yang memuat makro (vbaProject) tidak dibaca.",
        "Simpan sebagai .xlsx tanpa makro."),
    "tabel-lembar-tidak-dikenal": CodeInfo(E, "tabel", "Lembar tidak dikenal",
        "Tabel memuat lembar yang bukan bagian dari tabel register.",
        "Hapus lembar itu, atau pindahkan isinya ke lembar yang sesuai."),
    "tabel-lembar-tersembunyi": CodeInfo(E, "tabel", "Lembar tersembunyi",
        "Tabel memuat lembar tersembunyi selain daftar_kode; isi yang tersembunyi tidak terlihat oleh peninjau.",
        "Tampilkan lembar itu (Unhide), lalu hapus atau pindahkan isinya."),
    "tabel-lembar-hilang": CodeInfo(E, "tabel", "Lembar tidak ada",
        "Salah satu lembar tabel register tidak ada (dihapus atau diganti namanya).",
        "Kembalikan nama lembar, atau ambil lembar itu dari templat kosong."),
    "tabel-kolom-tidak-dikenal": CodeInfo(E, "tabel", "Kolom tidak dikenal",
        "Judul kolom tidak ada dalam tabel register, muncul dua kali, atau sel berisi data di kolom tanpa judul.",
        "Kembalikan judul kolom seperti pada templat, atau hapus kolom tambahan."),
    "tabel-kolom-hilang": CodeInfo(E, "tabel", "Kolom kunci tidak ada",
        "Kolom kunci (id, urutan, kunci) sebuah lembar tidak ada.",
        "Kembalikan kolom kunci seperti pada templat."),
    "tabel-rumus": CodeInfo(E, "tabel", "Sel berisi rumus",
        "Rumus tidak pernah dihitung saat impor; sel berisi rumus ditolak.",
        "Ganti rumus dengan nilainya (Tempel Khusus > Hanya Nilai)."),
    "tabel-jenis-sel": CodeInfo(E, "tabel", "Jenis sel salah",
        "Sel berisi angka, nilai logika (TRUE/FALSE) atau galat rumus di kolom yang meminta jenis lain; aplikasi lembar "
        "kerja mengubah ketikan seperti 1e3 atau TRUE menjadi angka atau nilai logika.",
        "Format sel sebagai Teks, atau awali ketikan dengan tanda petik satu ('), lalu ketik ulang."),
    "tabel-tanggal-excel": CodeInfo(E, "tabel", "Tanggal tersimpan sebagai tanggal Excel",
        "Sel tanggal berisi tanggal atau nomor seri tanggal Excel, bukan teks TTTT-BB-HH; urutan hari dan bulan "
        "bergantung pada pengaturan komputer sehingga tidak ditebak.",
        "Ketik tanggal sebagai teks: '2024-05-22 (diawali tanda petik satu) atau format sel sebagai Teks."),
    "tabel-sel-terlalu-panjang": CodeInfo(E, "tabel", "Isi sel terlalu panjang",
        "Sel berisi lebih dari 32.767 karakter (batas satu sel).",
        "Ringkas isinya; register memuat ringkasan, bukan naskah lengkap."),
    "tabel-sel-gabung": CodeInfo(E, "tabel", "Sel gabung",
        "Sel gabung (merge) membuat isi satu sel tampak berlaku untuk beberapa baris atau kolom.",
        "Pisahkan sel gabung (Unmerge) dan isi setiap sel sendiri."),
    "tabel-id-kosong": CodeInfo(E, "tabel", "Baris tanpa id",
        "Baris berisi data tetapi kolom id kosong.",
        "Isi id naskah pada baris itu, atau kosongkan seluruh baris."),
    "tabel-id-tidak-ada": CodeInfo(E, "tabel", "id tidak ada di lembar naskah",
        "Baris lembar daftar menyebut id yang tidak punya baris di lembar naskah.",
        "Periksa ejaan id, atau tambahkan naskahnya di lembar naskah."),
    "tabel-baris-ganda": CodeInfo(E, "tabel", "Baris ganda",
        "Dua baris memakai kunci yang sama (id, atau id dan urutan).",
        "Gabungkan kedua baris atau beri urutan yang berbeda."),
    "tabel-urutan": CodeInfo(E, "tabel", "Urutan tidak sah",
        "Kolom urutan harus bilangan bulat 1, 2, 3, ... tanpa lompatan untuk setiap naskah (kolom kunci: nama kunci).",
        "Nomori ulang baris naskah itu mulai dari 1."),
    "tabel-hapus-naskah": CodeInfo(E, "tabel", "Baris akan menghapus naskah",
        "Baris naskah yang sudah ada di register dikosongkan selain id-nya; impor tidak menghapus naskah.",
        "Isi kembali baris itu dari tabel ekspor; ajukan penghapusan kepada Sekretariat TKKSD."),
    "tabel-hapus-isian": CodeInfo(E, "tabel", "Sel akan menghapus isian",
        "Sel dikosongkan (atau barisnya dihapus) padahal register mencatat nilai di sana; impor tidak menghapus data.",
        "Isi kembali nilai lama; ajukan penghapusan kepada Sekretariat TKKSD."),
    "tabel-tidak-tertulis": CodeInfo(E, "tabel", "Berkas naskah tidak dapat ditulis",
        "Isi baris tidak dapat ditulis sebagai berkas YAML yang terbaca kembali sama persis.",
        "Laporkan kepada pengelola register beserta tabelnya."),
    # --- the built site (kerjasama build, after mkdocs; file is the path inside the site) -------
    "situs-skrip": CodeInfo(E, "situs", "Skrip yang tidak dikenal di situs",
        "Halaman hasil bangun memuat skrip yang bukan aset tema atau aset proyek yang tercatat (juga skrip di "
        "dalam SVG atau umpan). Situs tidak diterbitkan.",
        "Cari asal skrip di docs/ atau di data register; hapus, atau catat asetnya bila memang disengaja."),
    "situs-konten-aktif": CodeInfo(E, "situs", "Konten aktif yang berbahaya di situs",
        "Halaman hasil bangun memuat atribut penangan peristiwa, srcdoc, elemen yang tidak diizinkan, ekspresi CSS, "
        "URL javascript:/data: atau komentar HTML tidak baku. Situs tidak diterbitkan.",
        "Cari teks itu di docs/ atau di data register dan hapus markah atau URL-nya."),
    "situs-sumber-luar": CodeInfo(E, "situs", "Sumber daya dari host lain",
        "Halaman hasil bangun memuat gambar, gaya atau berkas lain dari host lain; situs harus mandiri.",
        "Simpan berkasnya di docs/ dan tautkan dari sana, atau jadikan tautan biasa."),
    "situs-data-pribadi": CodeInfo(E, "situs", "Data pribadi di situs",
        "Situs hasil bangun memuat data pribadi (NIK, telepon seluler pribadi, surel pribadi). Pesan menyebut asalnya "
        "di register bila diketahui.",
        "Hapus data pribadi dari berkas asal, atau tinjau dan catat pengecualiannya di data/pengecualian-data-pribadi.yaml."),
    "situs-berkas-rusak": CodeInfo(E, "situs", "Berkas situs tidak sah",
        "Berkas hasil bangun tidak dapat dibaca sebagai JSON atau XML, adalah tautan simbolik, atau berkas Pagefind "
        "tidak sama dengan versi yang tercatat.",
        "Bangun ulang dari salinan bersih; bila tetap muncul, laporkan sebagai galat pembangkit."),
    "situs-inventaris": CodeInfo(E, "situs", "Inventaris situs tidak cocok",
        "Jumlah berkas naskah, rekaman sah, halaman naskah, baris katalog, entri pencarian, rekaman API dan baris CSV "
        "harus sama; sebuah naskah hilang, berlebih atau ganda di salah satunya.",
        "Laporkan sebagai galat pembangkit; situs sebelumnya tidak diubah."),
    "situs-data-terbuka-hilang": CodeInfo(E, "situs", "Berkas data terbuka hilang",
        "Setiap naskah mempunyai berkas JSON di api/v1/kerja-sama/ dan lencana di lencana/; salah satunya tidak ada.",
        "Laporkan sebagai galat pembangkit; situs sebelumnya tidak diubah."),
    # --- issue 18: real cases (foreign LoI, exploration visit, renewal) ---------------------------
    "kategori-mitra-luar-negeri": CodeInfo(E, "aturan", "Mitra luar negeri dengan kategori dalam negeri",
        "Mitra luar negeri (jenis_pihak luar negeri atau kolom negara selain ID) berarti kerja sama KSDPL "
        "(pemerintah daerah di luar negeri) atau KSDLL (lembaga di luar negeri), PP 28/2018 Pasal 1.",
        "Ubah kategori menjadi ksdpl (mitra pemerintah daerah luar negeri) atau ksdll (lembaga luar negeri)."),
    "kategori-luar-negeri-tanpa-mitra": CodeInfo(E, "aturan", "Kategori luar negeri tanpa mitra luar negeri",
        "Kategori ksdpl/ksdll berarti paling sedikit satu mitra adalah pemerintah daerah atau lembaga di luar negeri.",
        "Perbaiki jenis_pihak dan negara mitra, atau ubah kategori (ksdd, ksdpk atau sinergi)."),
    "kategori-mitra-daerah": CodeInfo(E, "aturan", "Mitra pemerintah daerah dengan kategori selain KSDD",
        "Bila semua mitra adalah pemerintah daerah dalam negeri, kerja sama itu KSDD (PP 28/2018 Pasal 1).",
        "Ubah kategori menjadi ksdd dan isi jenis_ksdd, atau perbaiki jenis_pihak mitra."),
    "pihak-kota-bukan-62-71": CodeInfo(E, "aturan", "Kode wilayah pihak kota bukan 62.71",
        "Pihak dengan pihak_kota: true adalah Pemerintah Kota Palangka Raya, yang kode wilayahnya \"62.71\".",
        "Tulis kode_wilayah: \"62.71\" (dengan tanda petik), atau ubah pihak_kota menjadi false bila pihak ini mitra."),
    "perpanjangan-tanggal-berakhir": CodeInfo(W, "aturan", "Naskah yang diperpanjang belum ditutup",
        "Naskah yang diperpanjang berakhir sehari sebelum naskah perpanjangannya mulai berlaku. Register "
        "menghitungnya demikian; tanggal_berakhir yang tercatat kosong atau berbeda.",
        "Isi tanggal_berakhir naskah lama dengan hari sebelum perpanjangan mulai berlaku, dan hapus "
        "masa_berlaku_tidak_diketahui; atau periksa kolom memperpanjang pada naskah baru."),
}
