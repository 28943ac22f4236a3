"""Register Kerja Sama Daerah Kota Palangka Raya: loader, validator and site generator."""

__version__ = "0.1.0"
