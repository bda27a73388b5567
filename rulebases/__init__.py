"""The rule bases shipped with Guide (data files; see docs/rulebase-format.md)."""
