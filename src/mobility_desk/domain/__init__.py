"""Pure rules of the school's world: no Qt, no database."""
