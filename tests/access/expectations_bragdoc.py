"""Brag-doc import: everyone signed in imports into their own evidence, and only there."""

from tests.access.rules import Rule, signed_in

RULES = {
    "bragdoc_import": Rule(
        get=signed_in(200), post=signed_in(200), note="POST {} shows what is missing"
    ),
    "bragdoc_import_confirm": Rule(
        get=signed_in(405), post=signed_in(200), note="POST {} says nothing was imported"
    ),
}
