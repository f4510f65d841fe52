"""Peer attestation: colleagues confirm, in their own words, an engineer's work."""
