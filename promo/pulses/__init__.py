"""The "clerical error" test: senior colleagues outside the management chain say whether
an engineer already operates at their next level, answered anonymously."""
