"""ui/models."""
