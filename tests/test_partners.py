"""Partner identity: which names are one partner and which ``/mitra/<slug>/`` page each gets (issue 19)."""

from __future__ import annotations

import datetime as dt

from generator.index import build_index
from generator.pages.listing import partner_url
from generator.validate import Environment, validate

# The partner pages of the real register, recorded before partner identity changed (issue 19):
# published URLs are a contract, so a change to the slug rules must leave every one in place.
REAL_PARTNER_URLS = {
    "/mitra/bank-indonesia-perwakilan-provinsi-kalimantan-tengah/",
    "/mitra/bpjs-kesehatan-cabang-palangka-raya/",
    "/mitra/bpjs-ketenagakerjaan-cabang-palangka-raya/",
    "/mitra/kejaksaan-negeri-palangka-raya/",
    "/mitra/pemerintah-kabupaten-katingan/",
    "/mitra/pemerintah-kabupaten-pulang-pisau/",
    "/mitra/pt-bank-pembangunan-daerah-kalimantan-tengah-bank-kalteng/",
    "/mitra/pt-pln-persero-uiw-kalimantan-selatan-dan-kalimantan-tengah-area-palangka-raya/",
}


def test_real_register_keeps_its_partner_urls(env: Environment, as_of: dt.date) -> None:
    result = validate(env, as_of)
    assert result.errors == []
    index = build_index(result.records, env.codelists, as_of)
    assert {"/" + partner_url(slug) for slug in index.partners} == REAL_PARTNER_URLS
