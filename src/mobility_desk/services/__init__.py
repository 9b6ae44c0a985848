"""One module per capability; each public method is one unit of work with its own session."""
