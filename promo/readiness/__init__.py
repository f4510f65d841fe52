"""Readiness: is next-level behaviour shown consistently over time, with matured impact?

- calendar.py: months and quarters in the person's time zone (pure)
- facts.py: the plain data in and the verdicts out (pure)
- rule.py, explain.py: the rule and its sentences (pure); docs/readiness.md in prose
- forecast.py: when each criterion can be shown if the pace holds (pure)
- queries.py: `readiness_for(person)` loads the facts in a constant number of queries
- verdicts.py: the hook through which the reviews app supplies mentor verdicts
- heatmap.py, context.py: the criteria x months SVG and `readiness_context(person, viewer)`
- section.py: that section drawn once per change of the facts, per viewer, and cached
"""
