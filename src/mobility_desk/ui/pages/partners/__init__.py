"""Partners and projects: the partner organisations and the Erasmus+ projects mobilities use."""
