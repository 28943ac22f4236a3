"""Third-party code the site ships from ``docs/assets/vendor/``, trusted by path and SHA-256.

Each library is copied unmodified from its pinned npm package, with its licence and a
``SOURCE.txt`` that names the version and the package's integrity hash. The post-build scan
(generator/verify/sitescan.py) runs a script under ``assets/vendor/`` only when its path is listed
here and its bytes have the recorded SHA-256, as it does for Pagefind (generator/site/search.py): an
upgrade, or any edit, fails the build until a reviewer has read the new file and recorded its
hash here.
"""

from __future__ import annotations

FOLDER = "assets/vendor/"
CODE: dict[str, str] = {
    # tablesort 5.7.1: catalogue column sorting (every page).
    "tablesort/tablesort.min.js": "ee99f17ebc985170899a004e9f6bf09e7f60eb4b459b6bfe6683cf0140352c63",
    # @json-editor/json-editor 2.17.2: the proposal form (/usulkan/ only).
    "json-editor/jsoneditor.min.js": "c7a7278bf93d75e3de8b02a914ed36bd879a3e76105a87b6aa286a5a7885f4fc",
    # js-yaml 5.5.0: reads the form's YAML back (/usulkan/ only).
    "js-yaml/js-yaml.min.js": "02970a652376ad653ff069c606ee7440b0514f52ed94a98426cb52426c8e5a02",
}


def trusted(path: str, sha256: str) -> bool:
    """Whether the script at ``path`` (relative to the site) is listed code with its recorded hash."""
    return CODE.get(path.removeprefix(FOLDER)) == sha256 if path.startswith(FOLDER) else False
