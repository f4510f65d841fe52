"""One module per kind of nudge; importing it registers the kind."""
