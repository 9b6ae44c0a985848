"""Qt models shared by the pages."""
