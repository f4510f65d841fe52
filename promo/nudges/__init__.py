"""Nudges: a registry of kinds, a set-based planner, an outbox and a delivery step.

Adding a kind is one module in promo/nudges/kinds/ (its planner SQL and its wording), its
line in promo/nudges/registry.py, and its email templates under templates/nudges/<kind>/.
"""
