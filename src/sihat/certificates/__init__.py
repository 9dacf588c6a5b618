"""Digital vaccination certificates in the EU Digital COVID Certificate format.

Modules: ``codec`` (HC1/Base45/zlib/COSE/CWT), ``verify`` (offline checks), ``keys`` (CSCA and
document signers), ``trustlist`` (trust and revocation lists), ``issue`` (a dose to a signed
certificate), ``qr`` and ``pdf`` (what the holder sees), ``service`` (entry points for the
API and the dose-record domain), ``cli`` (``sihat certificate ...``).
"""
